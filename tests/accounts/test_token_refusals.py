"""A known token that may not be used (revoked, expired, its user inactive) gets 401 with
its reason and does not count toward the address's lockout for guessed tokens: a
decommissioned system still calling must not lock out every system behind the same
gateway. Unknown tokens (guesses) still count. Each refused token is audited at most
once per API_TOKEN_REFUSAL_AUDIT_SECONDS."""

import logging
import secrets
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from selaras.accounts.auth import _failures_key
from selaras.accounts.models import ApiToken
from selaras.accounts.tokens import revoke_token
from selaras.audit import services as audit_services
from selaras.audit.models import AuditEntry, AuditKind

IP = "10.7.0.1"
LIMIT = 3


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.API_TOKEN_FAILURE_LIMIT = LIMIT
    settings.API_TOKEN_LOCKOUT_SECONDS = 600
    settings.API_TOKEN_REFUSAL_AUDIT_SECONDS = 3600


def call(token, ip=IP, method="get", lang="en"):
    client = Client(REMOTE_ADDR=ip)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": lang}
    if method == "get":
        return client.get("/api/v1/me", headers=headers)
    return client.post("/api/v1/cases", "{}", content_type="application/json", headers=headers)


@pytest.fixture
def user(make_user):
    return make_user("327301", "penangan", username="sistem-lama")


@pytest.fixture
def issued(user):
    return ApiToken.issue(user, name="Sistem lama", scope="write")  # (token, raw)


@pytest.fixture
def revoked(issued):
    token, raw = issued
    revoke_token(actor=None, token=token, reason="decommissioned", via="command")
    return token, raw


@pytest.fixture
def valid_raw(make_user):
    _token, raw = ApiToken.issue(make_user("327301", "penangan"))
    return raw


def failures(ip=IP):
    return cache.get(_failures_key(ip))


def refused_rows():
    return AuditEntry.objects.filter(kind=AuditKind.SECURITY, action="api_token_refused")


def lockout_rows():
    return AuditEntry.objects.filter(kind=AuditKind.SECURITY, action="api_token_lockout")


def assert_refused(response, message):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": message}
    assert response["WWW-Authenticate"] == (
        f'Bearer realm="selaras", error="invalid_token", error_description="{message}"')


# --- the three refusals --------------------------------------------------------------


def test_revoked_token_gets_its_own_message(revoked):
    assert_refused(call(revoked[1]), "This token was revoked.")


def test_expired_token_gets_its_own_message(user):
    _token, raw = ApiToken.issue(user, expires_at=timezone.now() - timedelta(minutes=1))
    assert_refused(call(raw), "This token has expired.")


def test_token_of_an_inactive_user_gets_its_own_message(user, issued):
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_refused(call(issued[1]), "This token's account is disabled.")


def test_revoked_wins_over_expired_and_disabled(user):
    token, raw = ApiToken.issue(user, expires_at=timezone.now() - timedelta(minutes=1))
    revoke_token(actor=None, token=token)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert call(raw).json()["detail"] == "This token was revoked."


def test_refusal_holds_for_writes_too_and_changes_nothing(revoked):
    before = AuditEntry.objects.count()
    response = call(revoked[1], method="post")
    assert_refused(response, "This token was revoked.")
    # Only the refusal audit row; no case, no idempotency record, no fall-through.
    assert AuditEntry.objects.count() == before + 1


def test_refused_token_does_not_note_its_use(revoked):
    token, raw = revoked
    call(raw)
    token.refresh_from_db()
    assert token.last_used_at is None


def test_message_is_translated(revoked):
    response = call(revoked[1], lang="id")
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert detail  # Indonesian once translated; the header carries an RFC 6750-safe text
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="selaras", error="invalid_token", ')
    assert all(0x20 <= ord(c) <= 0x7E for c in challenge)


def test_unknown_token_keeps_the_generic_answer(db):
    response = call("slr_" + secrets.token_urlsafe(32))
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == 'Bearer realm="selaras"'


# --- the lockout -----------------------------------------------------------------------


def test_revoked_token_never_counts_toward_the_lockout(revoked, valid_raw):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(LIMIT * 4):
            assert_refused(call(revoked[1]), "This token was revoked.")
        assert failures() is None
        assert not lockout_rows().exists()
        # Another system behind the same gateway still gets in.
        assert call(valid_raw).status_code == 200


def test_expired_and_disabled_tokens_do_not_count_either(user, make_user):
    _token, expired = ApiToken.issue(user, expires_at=timezone.now() - timedelta(minutes=1))
    other = make_user("327301", "penangan")
    _token, disabled = ApiToken.issue(other)
    other.is_active = False
    other.save(update_fields=["is_active"])
    for _ in range(LIMIT * 2):
        assert call(expired).status_code == 401
        assert call(disabled).status_code == 401
    assert failures() is None and not lockout_rows().exists()


def test_random_tokens_from_the_same_address_are_still_locked_out(revoked, valid_raw):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(LIMIT * 2):
            call(revoked[1])
        statuses = [call("slr_" + secrets.token_urlsafe(32)).status_code
                    for _ in range(LIMIT + 1)]
        assert statuses == [401] * LIMIT + [429]
        assert lockout_rows().get().data["failures"] == LIMIT
        # Once blocked, everything bearer from that address waits, the revoked token too.
        assert call(revoked[1]).status_code == 429
        assert call(valid_raw).status_code == 429


def test_revoked_calls_do_not_reset_or_mask_guess_counting(revoked):
    call("slr_guess-1")
    call("slr_guess-2")
    for _ in range(LIMIT * 2):
        call(revoked[1])
    assert failures() == 2
    assert call("slr_guess-3").status_code == 401
    assert call("slr_guess-4").status_code == 429


def test_one_indexed_query_on_key_hash_whatever_the_outcome(revoked, valid_raw):
    from selaras.accounts.models import hash_token

    def token_queries(raw):
        # Count only the token lookups (the caller middleware has its own, as before).
        with CaptureQueriesContext(connection) as ctx:
            ApiToken.lookup(raw)
        return [q["sql"] for q in ctx.captured_queries]

    for raw in (revoked[1], valid_raw, "slr_unknown"):
        queries = token_queries(raw)
        assert len(queries) == 1
        assert "key_hash" in queries[0]
    assert ApiToken.lookup(revoked[1]).key_hash == hash_token(revoked[1])


# --- the audit trail -------------------------------------------------------------------


def test_refusal_is_audited_once_per_token_and_hour(revoked, caplog):
    token, raw = revoked
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        with caplog.at_level(logging.WARNING, logger="selaras.accounts.auth"):
            for _ in range(20):
                call(raw)
        entry = refused_rows().get()
        assert (entry.actor, entry.subject_id, entry.object_type, entry.object_id) == (
            None, token.user_id, "api_token", str(token.pk))
        assert entry.data["prefix"] == token.prefix and entry.data["reason"] == "revoked"
        assert entry.data["address"] == IP and entry.data["username"] == "sistem-lama"
        assert raw not in str(entry.data) and token.key_hash not in str(entry.data)
        logged = [r for r in caplog.records if "Refused API token" in r.getMessage()]
        assert len(logged) == 1 and raw not in logged[0].getMessage()

        traveller.shift(timedelta(minutes=59))
        call(raw)
        assert refused_rows().count() == 1
        traveller.shift(timedelta(minutes=2))
        call(raw)
        assert refused_rows().count() == 2
    assert audit_services.verify().problem is None


def test_throttle_survives_a_cleared_cache(revoked):
    """The cache may be per process: the audit trail itself is checked too."""
    call(revoked[1])
    cache.clear()
    call(revoked[1])
    assert refused_rows().count() == 1


def test_throttle_is_per_token(revoked, user):
    _token, expired = ApiToken.issue(user, expires_at=timezone.now() - timedelta(minutes=1))
    for _ in range(3):
        call(revoked[1])
        call(expired)
    assert sorted(refused_rows().values_list("data__reason", flat=True)) == [
        "expired", "revoked"]


def test_throttle_can_be_switched_off(revoked, settings):
    settings.API_TOKEN_REFUSAL_AUDIT_SECONDS = 0
    for _ in range(3):
        call(revoked[1])
    assert refused_rows().count() == 3
