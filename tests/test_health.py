"""Health probes: /healthz says the process is up; /readyz that the database answers,
the attachment storage takes a file, and a worker and the scheduler are alive."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from selaras.automation.models import JobHeartbeat


@pytest.fixture
def alive(db):
    """A worker and the scheduler that reported a moment ago."""
    now = timezone.now()
    for name in ("worker", "scheduler"):
        JobHeartbeat.objects.update_or_create(
            name=name, defaults={"last_started_at": now, "last_finished_at": now,
                                 "last_ok": True})


def test_healthz_is_json_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_needs_no_database(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 200


def test_readyz_is_json_ok_with_database_storage_worker_and_scheduler(client, alive):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"] == "ok"
    assert body["checks"]["worker"].startswith("ok")
    assert body["checks"]["scheduler"].startswith("ok")


def test_readyz_is_503_without_a_worker_heartbeat(client, alive):
    JobHeartbeat.objects.filter(name="worker").delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "never seen"


def test_readyz_is_503_when_the_worker_heartbeat_is_stale(client, alive, settings):
    settings.READYZ_HEARTBEAT_MAX_AGE = 60
    JobHeartbeat.objects.filter(name="worker").update(
        last_finished_at=timezone.now() - timedelta(minutes=5))
    body = client.get("/readyz").json()
    assert body["status"] == "unavailable"
    assert body["checks"]["worker"].startswith("stale")
    assert body["checks"]["scheduler"].startswith("ok")


def test_readyz_is_503_when_the_storage_refuses_files(client, alive, monkeypatch):
    from selaras.evidence import storage as storage_module

    class Broken:
        def save(self, *args, **kwargs):
            raise OSError("disk full")

    monkeypatch.setattr(storage_module, "attachment_storage", lambda: Broken())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "unavailable (OSError)"
    assert "disk full" not in response.content.decode()


def test_the_worker_heartbeat_task_is_queued_by_the_scheduler_and_stamps_the_row(db):
    from selaras.automation.jobs import worker_ping

    assert not JobHeartbeat.objects.filter(name="worker").exists()
    worker_ping(timezone.now())  # tests run tasks at once (ImmediateBackend)
    row = JobHeartbeat.objects.get(name="worker")
    assert timezone.now() - row.last_finished_at < timedelta(seconds=30)


@pytest.mark.django_db
def test_readyz_is_503_json_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "unreachable"}
    assert "could not connect" not in response.content.decode()  # no internals leak


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_only_get(client, path):
    assert client.post(path).status_code == 405
