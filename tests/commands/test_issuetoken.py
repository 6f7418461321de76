"""manage.py issuetoken: prints a raw token once, which then authenticates its user."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from selaras.accounts.models import ApiToken


def issuetoken(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("issuetoken", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_printed_token_authenticates_the_user(make_user):
    user = make_user("3273", "pelapor", username="sistem-si-paham")
    out, err = issuetoken("sistem-si-paham", "--name", "si-paham")
    raw = out.strip()
    assert raw.startswith("slr_") and "\n" not in raw  # stdout holds the token only
    assert ApiToken.authenticate(raw) == user
    token = ApiToken.objects.get(user=user)
    assert token.name == "si-paham"
    assert token.key_hash != raw and raw not in err  # only the hash is stored


def test_expiry_is_set(make_user):
    make_user("3273", "pelapor", username="robot")
    issuetoken("robot", "--expires-days", "30")
    token = ApiToken.objects.get(user__username="robot")
    days = (token.expires_at - timezone.now()).days
    assert 29 <= days <= 30


def test_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Unknown user 'nobody'"):
        issuetoken("nobody")
    assert not ApiToken.objects.exists()


def test_inactive_user_is_refused(make_user):
    make_user("3273", "pelapor", username="gone", is_active=False)
    with pytest.raises(CommandError, match="inactive"):
        issuetoken("gone")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", ["0", "-3", "99999"])
def test_bad_expiry_is_refused(make_user, days):
    make_user("3273", "pelapor", username="robot")
    with pytest.raises(CommandError, match="--expires-days"):
        issuetoken("robot", "--expires-days", days)
    assert not ApiToken.objects.exists()


def test_tokens_are_read_only_by_default_and_say_so(make_user):
    make_user("3273", "analis", username="pusdatin")
    out, err = issuetoken("pusdatin", "--name", "dasbor")
    token = ApiToken.objects.get(user__username="pusdatin")
    assert token.scope == "read"
    assert "scope read" in err and "read-only" in err
    assert out.strip().startswith("slr_") and "\n" not in out.strip()


def test_scope_write_is_issued_and_audited(make_user):
    from selaras.audit.models import AuditEntry

    user = make_user("3273", "pelapor", username="si-paham")
    out, err = issuetoken("si-paham", "--scope", "write", "--name", "si-paham")
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write" and "scope write" in err
    entry = AuditEntry.objects.get(action="api_token_issued")
    assert (entry.subject_id, entry.object_type, entry.object_id) == (
        user.pk, "api_token", str(token.pk))
    assert entry.data["scope"] == "write" and entry.data["prefix"] == token.prefix
    raw = out.strip()
    assert raw not in str(entry.data) and token.key_hash not in str(entry.data)


def test_an_unknown_scope_is_refused(make_user):
    make_user("3273", "pelapor", username="robot")
    with pytest.raises(CommandError, match="scope"):
        issuetoken("robot", "--scope", "admin")
    assert not ApiToken.objects.exists()
