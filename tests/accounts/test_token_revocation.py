"""Revoking an API token: one audited service (tokens.revoke_token), used by the admin
action; the token gets 401 from the next request; a second revocation changes nothing."""

import pytest
from django.urls import reverse

from selaras.accounts import tokens
from selaras.accounts.models import ApiToken
from selaras.accounts.tokens import TokenAlreadyRevoked, revoke_token
from selaras.audit import services as audit_services
from selaras.audit.models import AuditEntry, AuditKind
from tests.api.conftest import ApiClient


@pytest.fixture
def issued(make_user):
    user = make_user("3273", "pelapor", username="si-paham")
    return ApiToken.issue(user, name="Si Paham chatbot", scope="write")  # (token, raw)


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org",
                                                      "kata-sandi-admin-panjang")


def revoked_rows():
    return AuditEntry.objects.filter(action="api_token_revoked")


def test_the_service_revokes_and_writes_one_audit_row(issued, root):
    token, raw = issued
    revoke_token(actor=root, token=token, reason="bocor di log", via="admin")
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = revoked_rows().get()
    assert (entry.kind, entry.actor, entry.actor_label) == (AuditKind.SECURITY, root, "root")
    assert (entry.subject_id, entry.object_type, entry.object_id) == (
        token.user_id, "api_token", str(token.pk))
    assert {k: entry.data[k] for k in ("prefix", "name", "username", "scope", "reason", "via")} == {
        "prefix": token.prefix, "name": "Si Paham chatbot", "username": "si-paham",
        "scope": "write", "reason": "bocor di log", "via": "admin"}


def test_the_audit_row_holds_no_secret(issued, root):
    token, raw = issued
    revoke_token(actor=root, token=token)
    row = audit_services.canonical(revoked_rows().get())
    assert raw not in row and raw[12:] not in row and token.key_hash not in row


def test_the_command_line_has_no_actor(issued):
    token, _raw = issued
    revoke_token(actor=None, token=token, via="command")
    entry = revoked_rows().get()
    assert (entry.actor_id, entry.actor_label, entry.data["via"]) == (None, "", "command")
    assert entry.data["reason"] == ""


def test_revoking_twice_is_an_error_and_writes_nothing(issued, root):
    token, _raw = issued
    revoke_token(actor=root, token=token)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    stale = ApiToken.objects.get(pk=token.pk)
    stale.revoked_at = None  # a copy loaded before the first revocation: the row decides
    with pytest.raises(TokenAlreadyRevoked, match="already revoked"):
        revoke_token(actor=root, token=stale)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert revoked_rows().count() == 1


def test_a_too_long_reason_changes_nothing(issued, root):
    token, raw = issued
    with pytest.raises(ValueError, match="at most"):
        revoke_token(actor=root, token=token, reason="x" * (tokens.MAX_REASON_LENGTH + 1))
    assert ApiToken.authenticate(raw) == token.user
    assert not revoked_rows().exists()


def test_revocation_and_audit_row_commit_together(issued, root, monkeypatch):
    token, raw = issued

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(tokens.audit, "security", broken)
    with pytest.raises(RuntimeError):
        revoke_token(actor=root, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.authenticate(raw) == token.user


def test_a_revoked_token_gets_401_at_once(issued, root):
    token, raw = issued
    api = ApiClient(token=raw)
    assert api.get("/api/v1/me").status_code == 200
    revoke_token(actor=root, token=token)
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get("/api/v1/cases").status_code == 401


def test_the_audit_chain_stays_valid(issued, root):
    revoke_token(actor=root, token=issued[0], reason="uji")
    assert audit_services.verify().problem is None


# --- the admin action --------------------------------------------------------------------


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


CHANGELIST = "admin:accounts_apitoken_changelist"


def test_the_admin_action_asks_for_confirmation_first(admin_client, issued):
    token, raw = issued
    response = admin_client.post(reverse(CHANGELIST),
                                 {"action": "revoke", "_selected_action": [token.pk]})
    page = response.content.decode()
    assert response.status_code == 200
    assert token.prefix in page and 'name="reason"' in page and 'value="yes"' in page
    assert ApiToken.authenticate(raw) == token.user  # nothing revoked yet
    assert not revoked_rows().exists()


def test_the_admin_action_revokes_through_the_service(admin_client, issued, root):
    token, raw = issued
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "revoke", "_selected_action": [token.pk], "post": "yes",
        "reason": "sistem dihentikan"}, follow=True)
    assert response.status_code == 200
    assert ApiToken.authenticate(raw) is None
    entry = revoked_rows().get()
    assert entry.actor == root and entry.object_id == str(token.pk)
    assert (entry.data["reason"], entry.data["via"]) == ("sistem dihentikan", "admin")
    assert raw not in str(entry.data) and token.key_hash not in str(entry.data)


def test_the_admin_action_skips_revoked_tokens_without_a_row(admin_client, issued, root):
    token, _raw = issued
    revoke_token(actor=root, token=token)
    other, other_raw = ApiToken.issue(token.user, name="cadangan")
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "revoke", "_selected_action": [token.pk, other.pk], "post": "yes"},
        follow=True)
    assert ApiToken.authenticate(other_raw) is None
    assert list(revoked_rows().order_by("seq").values_list("object_id", flat=True)) == [
        str(token.pk), str(other.pk)]  # one row each, none for the second attempt
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 token" in t and "sudah dicabut" in t for t in texts), texts  # "already revoked"


def test_a_too_long_reason_in_the_admin_changes_nothing(admin_client, issued):
    token, raw = issued
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "revoke", "_selected_action": [token.pk], "post": "yes",
        "reason": "x" * (tokens.MAX_REASON_LENGTH + 1)})
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    assert ApiToken.authenticate(raw) == token.user
    assert not revoked_rows().exists()


def test_the_admin_action_needs_a_recent_authentication(admin_client, issued, settings):
    settings.REAUTH_ENFORCED = True  # force_login leaves no recent-authentication record
    token, raw = issued
    response = admin_client.post(reverse(CHANGELIST), {
        "action": "revoke", "_selected_action": [token.pk], "post": "yes"})
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert ApiToken.authenticate(raw) == token.user
    assert not revoked_rows().exists()


def test_the_admin_list_stays_readable_without_reauthentication(admin_client, settings):
    settings.REAUTH_ENFORCED = True
    assert admin_client.get(reverse(CHANGELIST)).status_code == 200
