"""manage.py adduser: creates people and memberships, refuses bad input, writes nothing then."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from selaras.org.models import Membership

GOOD_PASSWORD = "sangat-rahasia-dan-panjang-2026"


def adduser(*args, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("adduser", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def counts(db):
    def snapshot():
        return get_user_model().objects.count(), Membership.objects.count()

    return snapshot


def test_creates_user_with_membership_and_usable_password(db, monkeypatch):
    out = adduser("siti", "--unit", "3273", "--role", "kepala", "--password-stdin",
                  "--full-name", "Siti Rahmawati", "--email", "siti@example.org",
                  stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    user = get_user_model().objects.get(username="siti")
    assert user.check_password(GOOD_PASSWORD)
    assert user.full_name == "Siti Rahmawati"
    assert user.email == "siti@example.org"
    assert not user.is_service_account
    assert list(user.memberships.values_list("unit__code", "role")) == [("3273", "kepala")]
    assert "Created user 'siti'" in out


def test_existing_user_gets_an_extra_membership(db, monkeypatch):
    adduser("siti", "--unit", "3273", "--role", "kepala", "--password-stdin",
            stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    out = adduser("siti", "--unit", "32", "--role", "analis")
    user = get_user_model().objects.get(username="siti")
    assert sorted(user.memberships.values_list("unit__code", "role")) == [
        ("32", "analis"), ("3273", "kepala")]
    assert user.check_password(GOOD_PASSWORD)  # untouched
    assert "Added role analis" in out


def test_duplicate_membership_is_refused(db, monkeypatch, counts):
    adduser("siti", "--unit", "3273", "--role", "kepala", "--password-stdin",
            stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    before = counts()
    with pytest.raises(CommandError, match="already kepala"):
        adduser("siti", "--unit", "3273", "--role", "kepala")
    assert counts() == before


def test_unknown_unit_is_refused_and_nothing_written(db, monkeypatch, counts):
    before = counts()
    with pytest.raises(CommandError, match="Unknown unit '9999'"):
        adduser("budi", "--unit", "9999", "--role", "kepala", "--password-stdin",
                stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    assert counts() == before


def test_unknown_role_is_refused_and_nothing_written(db, monkeypatch, counts):
    before = counts()
    with pytest.raises(CommandError, match="Unknown role 'bos'.*pelapor"):
        adduser("budi", "--unit", "3273", "--role", "bos", "--password-stdin",
                stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    assert counts() == before


# Too short; too common; the same as the username.
@pytest.mark.parametrize("password", ["pendek", "password1234", "budisantoso2026"])
def test_weak_password_is_refused_and_nothing_written(db, monkeypatch, counts, password):
    before = counts()
    with pytest.raises(CommandError, match="Password refused"):
        adduser("budisantoso2026", "--unit", "3273", "--role", "kepala", "--password-stdin",
                stdin=password + "\n", monkeypatch=monkeypatch)
    assert counts() == before


def test_no_password_without_a_terminal_is_a_clear_error(db, monkeypatch, counts):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = counts()
    with pytest.raises(CommandError, match="--password-stdin"):
        adduser("budi", "--unit", "3273", "--role", "kepala")
    assert counts() == before


def test_invalid_username_is_refused(db, monkeypatch, counts):
    before = counts()
    with pytest.raises(CommandError, match="Invalid user"):
        adduser("budi santoso!", "--unit", "3273", "--role", "kepala", "--password-stdin",
                stdin=GOOD_PASSWORD + "\n", monkeypatch=monkeypatch)
    assert counts() == before


def test_service_account_has_no_password(db):
    adduser("si-paham", "--unit", "pusat", "--role", "pelapor", "--service-account")
    user = get_user_model().objects.get(username="si-paham")
    assert user.is_service_account
    assert not user.has_usable_password()
