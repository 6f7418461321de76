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
