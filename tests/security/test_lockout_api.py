"""Guessing API tokens: after API_TOKEN_FAILURE_LIMIT invalid bearer tokens from one
address, every bearer request from it gets 429 with Retry-After until the block ends."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from selaras.accounts.models import ApiToken
from selaras.audit.models import AuditEntry, AuditKind


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.API_TOKEN_FAILURE_LIMIT = 3
    settings.API_TOKEN_LOCKOUT_SECONDS = 600


def call(token, ip="10.1.0.1"):
    return Client(REMOTE_ADDR=ip).get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def raw_token(make_user):
    _token, raw = ApiToken.issue(make_user("327301", "penangan"))
    return raw


def test_invalid_tokens_lead_to_429_with_retry_after(raw_token):
    with time_machine.travel(timezone.now(), tick=False):
        assert [call(f"slr_wrong{i}").status_code for i in range(3)] == [401, 401, 401]
        response = call("slr_wrong-again")
        assert response.status_code == 429
        assert response["Retry-After"] == "600"
        assert "invalid tokens" in response.json()["detail"]
        # Even a valid token from that address waits (no oracle for the guesser).
        assert call(raw_token).status_code == 429
        # Other addresses are not affected.
        assert call(raw_token, ip="10.1.0.2").status_code == 200


def test_block_ends_after_the_lockout_period(raw_token):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(3):
            call(f"slr_wrong{i}")
        traveller.shift(timedelta(seconds=300))
        response = call(raw_token)
        assert response.status_code == 429 and response["Retry-After"] == "300"
        traveller.shift(timedelta(seconds=301))
        assert call(raw_token).status_code == 200


def test_valid_tokens_and_sessions_do_not_count(raw_token, make_user):
    for _ in range(5):
        assert call(raw_token).status_code == 200
    client = Client(REMOTE_ADDR="10.1.0.1")
    client.force_login(make_user("327301", "pelapor"))
    for _ in range(5):
        assert client.get("/api/v1/me").status_code == 200
    assert call("slr_wrong").status_code == 401  # still below the limit


def test_block_is_audited(raw_token):
    for i in range(3):
        call(f"slr_wrong{i}", ip="10.1.0.9")
    entry = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="api_token_lockout")
    assert entry.object_id == "10.1.0.9" and entry.data["failures"] == 3
