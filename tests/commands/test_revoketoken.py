"""manage.py revoketoken: revokes by prefix (or all of a user's tokens), audited; an
unknown, ambiguous or already revoked prefix is an error that changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from selaras.accounts.models import ApiToken
from selaras.accounts.tokens import revoke_token
from selaras.audit.models import AuditEntry
from tests.api.conftest import ApiClient


def revoketoken(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("revoketoken", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows():
    return AuditEntry.objects.filter(action="api_token_revoked")


def state():
    """Everything a failed run must leave as it was."""
    return (list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
            rows().count())


@pytest.fixture
def system(make_user):
    return make_user("3273", "pelapor", username="si-paham")


def test_revokes_by_prefix_with_reason_and_audit_row(system):
    token, raw = ApiToken.issue(system, name="chatbot", scope="write")
    api = ApiClient(token=raw)
    assert api.get("/api/v1/me").status_code == 200
    out, _err = revoketoken(token.prefix, "--reason", "bocor di log")
    assert f"Revoked {token.prefix}" in out and "si-paham" in out
    assert api.get("/api/v1/me").status_code == 401  # at once, end to end
    entry = rows().get()
    assert (entry.actor_id, entry.subject_id, entry.object_id) == (
        None, system.pk, str(token.pk))
    assert (entry.data["prefix"], entry.data["username"], entry.data["scope"]) == (
        token.prefix, "si-paham", "write")
    assert (entry.data["reason"], entry.data["via"]) == ("bocor di log", "command")
    assert raw not in str(entry.data) and token.key_hash not in str(entry.data)


def test_the_prefix_as_displayed_with_an_ellipsis_works(system):
    token, raw = ApiToken.issue(system)
    revoketoken(f" {token.prefix}… ")
    assert ApiToken.authenticate(raw) is None


def test_unknown_prefix_is_an_error(system):
    ApiToken.issue(system)
    before = state()
    with pytest.raises(CommandError, match="No token has the prefix 'slr_Tidak4da'"):
        revoketoken("slr_Tidak4da")
    assert state() == before


def test_a_short_prefix_says_how_long_a_prefix_is(system):
    token, _raw = ApiToken.issue(system)
    before = state()
    with pytest.raises(CommandError, match="12 characters"):
        revoketoken(token.prefix[:8])
    assert state() == before


def test_a_whole_token_is_refused_and_not_echoed(system):
    _token, raw = ApiToken.issue(system)
    before = state()
    with pytest.raises(CommandError, match="not the token") as excinfo:
        revoketoken(raw)
    assert raw[12:] not in str(excinfo.value)
    assert state() == before


def test_an_ambiguous_prefix_is_an_error(system, make_user):
    other = make_user("3273", "analis", username="pusdatin")
    first, raw1 = ApiToken.issue(system)
    second, raw2 = ApiToken.issue(other)
    ApiToken.objects.filter(pk=second.pk).update(prefix=first.prefix)  # a prefix collision
    before = state()
    with pytest.raises(CommandError, match="ambiguous: 2 tokens") as excinfo:
        revoketoken(first.prefix)
    assert "si-paham" in str(excinfo.value) and "pusdatin" in str(excinfo.value)
    assert state() == before
    # --user narrows it to one
    revoketoken(first.prefix, "--user", "pusdatin")
    assert ApiToken.authenticate(raw2) is None and ApiToken.authenticate(raw1) == system


def test_an_already_revoked_token_is_an_error_that_writes_nothing(system):
    token, _raw = ApiToken.issue(system)
    revoke_token(actor=None, token=token, via="command")
    before = state()
    with pytest.raises(CommandError, match="already revoked"):
        revoketoken(token.prefix)
    assert state() == before and rows().count() == 1


def test_a_too_long_reason_is_refused(system):
    token, raw = ApiToken.issue(system)
    before = state()
    with pytest.raises(CommandError, match="--reason"):
        revoketoken(token.prefix, "--reason", "x" * 501)
    assert state() == before and ApiToken.authenticate(raw) == system


def test_all_revokes_every_live_token_of_the_user(system, make_user):
    other = make_user("3273", "analis", username="pusdatin")
    live = [ApiToken.issue(system, name=f"t{i}") for i in range(3)]
    done, _ = ApiToken.issue(system, name="lama")
    revoke_token(actor=None, token=done)
    _kept, kept_raw = ApiToken.issue(other)
    out, err = revoketoken("--user", "si-paham", "--all", "--reason", "sistem dihentikan")
    assert out.strip() == "Revoked 3 token(s) of 'si-paham'."
    assert all(token.prefix in err for token, _raw in live)
    assert all(ApiToken.authenticate(raw) is None for _token, raw in live)
    assert ApiToken.authenticate(kept_raw) == other  # another user's token stays
    assert rows().count() == 4  # one per live token, plus the earlier one
    assert set(rows().exclude(object_id=str(done.pk)).values_list("data__reason", flat=True)) \
        == {"sistem dihentikan"}


def test_all_for_an_inactive_user_works_and_none_left_says_zero(system):
    token, _raw = ApiToken.issue(system)
    system.is_active = False
    system.save()
    out, _err = revoketoken("--user", "si-paham", "--all")
    assert "Revoked 1 token(s)" in out
    out, _err = revoketoken("--user", "si-paham", "--all")
    assert "Revoked 0 token(s)" in out and rows().count() == 1


@pytest.mark.parametrize("args, message", [
    ((), "PREFIX"),
    (("--all",), "--all needs --user"),
    (("slr_AbCdEfGh", "--user", "si-paham", "--all"), "not both"),
    (("--user", "nobody", "--all"), "Unknown user 'nobody'"),
])
def test_bad_arguments_are_clear_errors(system, args, message):
    ApiToken.issue(system)
    before = state()
    with pytest.raises(CommandError, match=message):
        revoketoken(*args)
    assert state() == before


def test_errors_exit_non_zero_with_the_message_on_stderr(system, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as excinfo:
        ManagementUtility(["manage.py", "revoketoken", "slr_Tidak4da"]).execute()
    assert excinfo.value.code != 0
    captured = capsys.readouterr()
    assert "No token has the prefix" in captured.err and captured.out == ""
