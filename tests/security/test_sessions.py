from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.sessions import end_sessions
from tests.conftest import PASSWORD

HOME = "/"


def _login(user) -> Client:
    c = Client()
    response = c.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return c


def _signed_in(c: Client) -> bool:
    response = c.get(HOME)
    return response.status_code == 200


@pytest.fixture
def user(make_user):
    return make_user("3273", "kepala")


def test_idle_session_expires_after_30_minutes(user):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        c = _login(user)
        assert _signed_in(c)
        traveller.shift(timedelta(minutes=29))
        assert _signed_in(c)  # activity refreshes the idle clock
        traveller.shift(timedelta(minutes=29))
        assert _signed_in(c)
        traveller.shift(timedelta(minutes=31))
        assert not _signed_in(c)


def test_session_ends_after_12_hours_even_when_active(user):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        c = _login(user)
        for _ in range(12 * 4):  # active every 15 minutes for 12 hours
            traveller.shift(timedelta(minutes=15))
            assert _signed_in(c)
        traveller.shift(timedelta(minutes=15))  # now past 12 hours since login
        response = c.get(HOME, follow=True)
        assert response.redirect_chain and reverse("login") in response.redirect_chain[-1][0]
        shown = [str(m) for m in response.context["messages"]]
        assert len(shown) == 1 and "12" in shown[0]
        assert not _signed_in(c)


def test_absolute_limit_is_configurable(user, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 600
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        c = _login(user)
        traveller.shift(timedelta(minutes=9))
        assert _signed_in(c)
        traveller.shift(timedelta(minutes=2))
        assert not _signed_in(c)


def test_logout_ends_all_sessions_of_that_user(user, make_user):
    other = make_user("3273", "penangan")
    laptop, phone, bystander = _login(user), _login(user), _login(other)
    assert _signed_in(laptop) and _signed_in(phone)
    laptop.post(reverse("logout"))
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert _signed_in(bystander)


def test_deactivating_a_user_ends_all_their_sessions(user, make_user):
    from selaras.accounts.models import ApiToken

    token, raw = ApiToken.issue(user)
    other = make_user("3273", "penangan")
    a, b, bystander = _login(user), _login(user), _login(other)
    user.is_active = False
    user.save()
    assert not _signed_in(a) and not _signed_in(b)
    assert _signed_in(bystander)
    assert Session.objects.count() == 1
    assert ApiToken.objects.filter(pk=token.pk).exists()  # nothing else revoked


def test_end_sessions_keeps_the_named_session(user):
    a, b = _login(user), _login(user)
    keep = a.session.session_key
    assert end_sessions(user.pk, keep=keep) == 1
    assert _signed_in(a) and not _signed_in(b)
