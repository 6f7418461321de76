"""Passwords: at least 12 characters, not common, not a context word with decoration,
no composition rules, no forced expiry (decision 0015)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def refused(password, user=None) -> bool:
    try:
        validate_password(password, user)
    except ValidationError:
        return True
    return False


def test_at_least_twelve_characters():
    assert refused("sebelas-hrf")  # 11
    assert not refused("dua-belas-hr")  # 12


@pytest.mark.parametrize("password", ["qwerty123456", "1q2w3e4r5t6y", "123456654321"])
def test_common_passwords_are_refused(password):
    assert refused(password)


@pytest.mark.parametrize("password", ["Kemenag2026!!", "B1sm1llah!!!!", "p@ssw0rd2026",
                                      "Indonesia1945!", "selaras123456", "aaaaaaaaaaaaaaaa"])
def test_context_words_with_decoration_are_refused(password):
    assert refused(password)


@pytest.mark.parametrize("password", [
    "kuda lari di sawah pagi",      # a passphrase of lower-case words: fine
    "mangga-manis-sekali",          # no digit, no capital, no symbol needed
    "selaras-demo-2026",            # the demo password is a phrase, not a bare word
    "kemenag jawa barat kuat",      # a context word inside a longer phrase is fine
])
def test_no_composition_rules(password):
    assert not refused(password)


def test_password_like_the_username_is_refused(django_user_model):
    user = django_user_model(username="rahmat.hidayat", full_name="Rahmat Hidayat")
    assert refused("rahmat.hidayat1", user)


def test_no_forced_expiry(make_user):
    user = make_user("327301", "penangan")
    with time_machine.travel(timezone.now() + timedelta(days=3 * 365)):
        client = Client()
        response = client.post(reverse("login"), {"username": user.username,
                                                  "password": PASSWORD})
        assert response.status_code == 302 and response.url == reverse("home")


def test_password_change_applies_the_rules(make_user):
    user = make_user("327301", "penangan")
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "Kemenag2026!", "password2": "Kemenag2026!"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "kuda lari di sawah pagi",
        "password2": "kuda lari di sawah pagi"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("kuda lari di sawah pagi")
