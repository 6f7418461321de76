"""``manage.py rotate_keys``: with a new key first, every encrypted value moves to it,
so the old key can be removed and everything stays readable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent
from selaras.core import crypto
from selaras.parties import selectors as party_selectors
from selaras.parties import services as party_services
from selaras.parties.models import Party

NIK = "3273014501900001"


def run(*args) -> str:
    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_key(settings):
    key = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [key]
    settings.FIELD_HASH_KEY = "hash-secret-for-tests"
    return key


@pytest.fixture
def data(old_key, make_case, make_user, pusat_kepala):
    cases = [make_case(reporter_name=f"Pelapor {i}", reporter_contact=f"0812000{i}")
             for i in range(3)]
    services.update_case(actor=pusat_kepala, case=cases[0], changes={"reporter_name": "Ani"})
    party, _ = party_services.create_party(
        actor=make_user("own", "penangan"), kind="perorangan", name="Siti", region="327301",
        nik=NIK, address="Jl. Mawar 1")
    return cases, party


def raw(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for row in cursor.fetchall() for value in row if value]


def test_generate_prints_a_usable_key():
    key = run("--generate").strip()
    assert crypto.fingerprint(key)  # 32 url-safe base64 bytes


def test_rotation_then_old_key_removed_everything_readable(settings, old_key, data):
    cases, party = data
    new_key = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    out = run("--batch-size", "2")
    assert "cases.Case.reporter_name: 3 re-encrypted" in out
    assert "parties.Party.nik: 1 re-encrypted" in out
    assert "cases.CaseEvent personal changes: 2 re-encrypted" in out

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    assert sorted(Case.objects.values_list("reporter_name", flat=True)) == [
        "Ani", "Pelapor 1", "Pelapor 2"]
    assert Party.objects.get(pk=party.pk).nik == NIK
    event = CaseEvent.objects.get(case=cases[0], kind="updated")
    assert [crypto.unseal(v) for v in event.data["changes"]["reporter_name"]] == [
        "Pelapor 0", "Ani"]
    # The search hash does not depend on the encryption key.
    hits = party_selectors.possible_duplicates(party.created_by, name="x", region="327302",
                                               nik=NIK)
    assert [p.pk for p in hits] == [party.pk]


def test_second_run_resumes_and_skips_what_is_done(settings, old_key, data):
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key(), old_key]
    run()
    out = run()
    assert "cases.Case.reporter_name: 0 re-encrypted, 3 already current" in out


def test_unreadable_values_stop_the_removal_advice(settings, data):
    # The old key was removed before rotating: nothing is overwritten, the command fails.
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    before = raw("SELECT reporter_name FROM cases_case")
    with pytest.raises(CommandError, match="cannot be decrypted"):
        run()
    assert raw("SELECT reporter_name FROM cases_case") == before


def test_rehash_after_the_hash_key_changes(settings, old_key, data):
    _cases, party = data
    settings.FIELD_HASH_KEY = "a-new-hash-secret"
    assert not Party.objects.filter(nik_hash=crypto.keyed_hash(NIK, "digits")).exists()
    out = run("--rehash")
    assert "parties.Party.nik: 0 re-encrypted, 1 already current" in out
    assert Party.objects.filter(nik_hash=crypto.keyed_hash(NIK, "digits")).get().pk == party.pk


def test_plaintext_left_by_hand_is_encrypted(settings, old_key, data):
    cases, _party = data
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET reporter_contact = %s WHERE id = %s",
                       ["0812-plain", cases[1].pk])
    out = run()
    assert "cases.Case.reporter_contact: 0 re-encrypted, 2 already current, " \
           "1 encrypted (were plain)" in out
    assert "0812-plain" not in raw("SELECT reporter_contact FROM cases_case")
    assert Case.objects.get(pk=cases[1].pk).reporter_contact == "0812-plain"
