"""django-axes: failed logins lock the account (from any address) and the address (for
any account) for 15 minutes; the username is recorded; a friendly 429 page."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from selaras.audit.models import AuditEntry, AuditKind
from tests.conftest import PASSWORD

HOME = "/"


def attempt(username, password, ip="10.0.0.1"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def fail(username, times, ip="10.0.0.1"):
    return [attempt(username, "salah-sekali-kata-sandi", ip)[1] for _ in range(times)]


@pytest.fixture
def user(make_user):
    return make_user("327301", "penangan", username="siti")


def test_five_failures_lock_the_account_with_a_friendly_page(user):
    responses = fail("siti", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    client, response = attempt("siti", PASSWORD)  # the right password no longer helps
    assert response.status_code == 429
    assert "account/lockout.html" in [t.name for t in response.templates]
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "15" in html and "<script>" not in html
    assert client.get(HOME).status_code == 302  # not signed in


def test_account_lock_holds_from_another_address(user):
    fail("siti", 5, ip="10.0.0.1")
    _client, response = attempt("siti", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429


def test_address_lock_holds_for_other_accounts(user, make_user):
    make_user("327301", "pelapor", username="budi")
    for name in ("a1", "a2", "a3", "a4", "a5"):  # five different usernames, one address
        fail(name, 1, ip="10.0.0.7")
    _client, response = attempt("budi", PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429
    client, response = attempt("budi", PASSWORD, ip="10.0.0.8")  # another address is fine
    assert response.status_code == 302 and client.get(HOME).status_code == 200


def test_usernames_are_recorded(user):
    fail("siti", 2, ip="10.0.0.3")
    fail("nobody-here", 1, ip="10.0.0.3")
    rows = {(a.username, a.ip_address, a.failures_since_start)
            for a in AccessAttempt.objects.all()}
    assert ("siti", "10.0.0.3", 2) in rows and ("nobody-here", "10.0.0.3", 1) in rows


def test_lock_ends_after_the_cool_off(user):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail("siti", 5)
        traveller.shift(timedelta(minutes=14))
        assert attempt("siti", PASSWORD)[1].status_code == 429
        traveller.shift(timedelta(minutes=16))
        client, response = attempt("siti", PASSWORD)
        assert response.status_code == 302 and client.get(HOME).status_code == 200


def test_success_before_the_limit_resets_the_count(user):
    fail("siti", 4)
    assert attempt("siti", PASSWORD)[1].status_code == 302
    assert [r.status_code for r in fail("siti", 4)] == [200] * 4


def test_limit_is_configurable(user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert [r.status_code for r in fail("siti", 3)] == [200, 200, 429]


def test_lockout_and_failures_are_audited(user):
    fail("siti", 5, ip="10.0.0.4")
    entries = AuditEntry.objects.filter(kind=AuditKind.SECURITY)
    assert entries.filter(action="login_failed", subject_id=user.pk).count() == 5
    lockout = entries.get(action="lockout")
    assert lockout.subject_id == user.pk
    assert lockout.data["username"] == "siti" and lockout.data["address"] == "10.0.0.4"


def test_reauthentication_failures_count_too(user, make_user):
    client = Client(REMOTE_ADDR="10.0.0.5")
    client.post(reverse("login"), {"username": "siti", "password": PASSWORD})
    for _ in range(5):
        client.post(reverse("account_reauthenticate"), {"password": "salah-sekali-kata-sandi"})
    assert AccessAttempt.objects.get(username="siti").failures_since_start == 5
    _other, response = attempt("siti", PASSWORD, ip="10.0.0.6")
    assert response.status_code == 429
