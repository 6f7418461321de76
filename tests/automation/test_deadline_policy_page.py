"""/pengaturan/tenggat/: heads and admins at Pusat edit the deadlines; nobody else."""

import pytest
from django.urls import reverse

from selaras.automation.models import DeadlinePolicy
from tests.conftest import PASSWORD

URL = "/pengaturan/tenggat/"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", ["kepala", "admin"])
def test_pusat_heads_and_admins_see_the_page(role, client, make_user):
    response = login(client, make_user("pusat", role)).get(URL)
    assert response.status_code == 200
    assert reverse("deadline-policies") == URL


@pytest.mark.parametrize("unit, role", [("pusat", "penangan"), ("pusat", "analis"),
                                        ("kanwil", "kepala"), ("own", "admin"),
                                        ("child", "kepala")])
def test_everyone_else_is_refused(unit, role, client, make_user):
    response = login(client, make_user(unit, role)).get(URL)
    assert response.status_code == 403
    post = client.post(URL, {"alert_level": 1, "verify_hours": 1, "first_action_hours": 1,
                             "resolve_days": 1})
    assert post.status_code == 403
    assert DeadlinePolicy.objects.get(alert_level=1, category=None).verify_hours == 24


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"].lower() or \
        "/akun/" in response["Location"]


def test_saving_a_category_override(client, pusat_kepala):
    response = login(client, pusat_kepala).post(URL, {
        "alert_level": 3, "category": "penodaan_agama", "verify_hours": 3,
        "first_action_hours": 12, "resolve_days": 20})
    assert response.status_code == 302
    policy = DeadlinePolicy.objects.get(alert_level=3, category="penodaan_agama")
    assert (policy.verify_hours, policy.first_action_hours, policy.resolve_days) == (3, 12, 20)
    assert policy.updated_by == pusat_kepala


def test_bad_input_shows_errors_and_changes_nothing(client, pusat_kepala):
    response = login(client, pusat_kepala).post(URL, {
        "alert_level": 1, "verify_hours": "0", "first_action_hours": "abc", "resolve_days": ""})
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert DeadlinePolicy.objects.get(alert_level=1, category=None).verify_hours == 24
