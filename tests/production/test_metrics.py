"""/metrics: Prometheus text with request, queue, overdue and heartbeat figures; not public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.automation.models import JobHeartbeat

pytestmark = pytest.mark.django_db


def scrape(client, **headers):
    return client.get("/metrics", REMOTE_ADDR="127.0.0.1", headers=headers)


def test_loopback_scrape_shows_requests_queue_overdue_and_heartbeats(client, make_case):
    case = make_case()
    type(case).objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(days=1))
    JobHeartbeat.objects.create(name="worker", last_finished_at=timezone.now())
    client.get("/healthz")
    response = scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'selaras_http_requests_total{method="GET",status="200",view="healthz"}' in text
    assert "selaras_http_request_duration_seconds_bucket" in text
    assert 'selaras_task_queue_depth{queue="default"} 0.0' in text
    assert "selaras_overdue_cases 1.0" in text
    assert 'selaras_heartbeat_age_seconds{process="worker"}' in text
    assert 'selaras_heartbeat_age_seconds{process="scheduler"} +Inf' in text


def test_views_are_labelled_by_route_name_not_by_path(client, make_case):
    case = make_case()
    client.get(f"/kasus/{case.number}/")
    text = scrape(client).content.decode()
    assert case.number not in text


def test_a_request_through_the_proxy_is_refused(client):
    response = scrape(client, **{"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404


def test_a_remote_address_is_refused(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_with_a_token_only_the_token_opens_it(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    assert scrape(client).status_code == 404
    assert scrape(client, Authorization="Bearer wrong").status_code == 404
    ok = client.get("/metrics", REMOTE_ADDR="203.0.113.9",
                    headers={"Authorization": "Bearer s3cret-metrics-token"})
    assert ok.status_code == 200


def test_only_get(client):
    assert client.post("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
