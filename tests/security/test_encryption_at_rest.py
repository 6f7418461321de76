"""Personal data is encrypted at rest: the raw database holds no plaintext reporter
name, contact, NIK or person's address; the application reads them back unchanged;
exact-match search works through the keyed hash."""

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent
from selaras.core import crypto
from selaras.parties import selectors as party_selectors
from selaras.parties import services as party_services
from selaras.parties.models import Party

NIK = "3273014501900001"
NAME = "Budi Santoso Wiryawan"
CONTACT = "0812-7777-3141"
ADDRESS = "Jl. Melati Putih No. 17"


@pytest.fixture
def keys(settings):
    """Known keys for this test (the default comes from DATA_DIR/field_keys)."""
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    settings.FIELD_HASH_KEY = "hash-secret-for-tests"
    return settings


@pytest.fixture
def person(keys, make_user):
    actor = make_user("own", "penangan")
    party, _ = party_services.create_party(actor=actor, kind="perorangan", name="Siti Aminah",
                                           region="327301", nik=NIK, address=ADDRESS)
    return party


def raw_rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_raw_database_holds_no_plaintext(keys, make_case, person, pusat_kepala):
    case = make_case(reporter_name=NAME, reporter_contact=CONTACT)
    services.update_case(actor=pusat_kepala, case=case,
                         changes={"reporter_name": "Ani Kurniasih Baru"})
    dump = repr(raw_rows("SELECT reporter_name, reporter_contact FROM cases_case"))
    dump += repr(raw_rows("SELECT nik, address FROM parties_party"))
    dump += repr(raw_rows("SELECT data FROM cases_caseevent"))
    dump += repr(raw_rows("SELECT data FROM audit_auditentry"))
    for secret in (NAME, CONTACT, "7777", NIK, ADDRESS, "Ani Kurniasih"):
        assert secret not in dump
    (name, contact), = raw_rows("SELECT reporter_name, reporter_contact FROM cases_case")
    assert name.startswith("enc:v1:") and contact.startswith("enc:v1:")


def test_round_trip_through_the_orm(keys, make_case, person):
    case = make_case(reporter_name=NAME, reporter_contact=CONTACT)
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.reporter_name, fresh.reporter_contact) == (NAME, CONTACT)
    party = Party.objects.get(pk=person.pk)
    assert (party.nik, party.address) == (NIK, ADDRESS)


def test_empty_stays_empty_and_filters_on_empty(keys, make_case):
    case = make_case(reporter_name="", reporter_contact="")
    assert raw_rows(f"SELECT reporter_name, reporter_contact, reporter_contact_hash "
                    f"FROM cases_case WHERE id = {case.pk}") == [("", "", "")]
    assert Case.objects.filter(reporter_name="").filter(pk=case.pk).exists()


def test_sql_cannot_compare_encrypted_values(keys, make_case):
    make_case()
    with pytest.raises(FieldError, match="encrypted"):
        list(Case.objects.filter(reporter_name="Budi Santoso"))
    with pytest.raises(FieldError, match="encrypted"):
        list(Case.objects.filter(reporter_name__icontains="budi"))


def test_same_value_encrypts_differently_each_time(keys):
    assert crypto.encrypt(NIK) != crypto.encrypt(NIK)


def test_wrong_key_is_a_clear_error_not_garbage(keys, make_case):
    case = make_case(reporter_name=NAME)
    keys.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    with pytest.raises(crypto.DecryptionError, match="cannot be decrypted with any configured key"):
        Case.objects.get(pk=case.pk)


def test_plaintext_in_the_column_is_refused_on_read(keys, make_case):
    case = make_case()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET reporter_name = %s WHERE id = %s", [NAME, case.pk])
    with pytest.raises(crypto.DecryptionError, match="not encrypted"):
        Case.objects.get(pk=case.pk)


def test_key_file_is_created_private_outside_the_database(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.FIELD_ENCRYPTION_KEY_FILE = tmp_path / "field_keys"
    token = crypto.encrypt("x")
    path = tmp_path / "field_keys"
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert crypto.decrypt(token) == "x"


def test_party_duplicate_hint_finds_the_same_nik(keys, person, make_user):
    actor = make_user("own", "penangan")
    hits = party_selectors.possible_duplicates(actor, name="Nama Lain", region="327302",
                                               nik=NIK)
    assert [p.pk for p in hits] == [person.pk]
    assert party_selectors.possible_duplicates(actor, name="Nama Lain", region="327302",
                                               nik="3273014501900002") == []


def test_registering_the_same_nik_again_warns(keys, person, make_user):
    actor = make_user("own", "penangan")
    _party, duplicates = party_services.create_party(
        actor=actor, kind="perorangan", name="Orang Lain", region="327302", nik=NIK)
    assert [p.pk for p in duplicates] == [person.pk]


def test_registry_search_by_nik_for_roles_that_see_it(keys, person, make_user):
    handler = make_user("own", "penangan")
    analyst = make_user("own", "analis")
    formatted = "3273 0145 0190 0001"
    assert [p.pk for p in party_selectors.party_list(handler, q=formatted)] == [person.pk]
    # An analyst sees the NIK masked; searching by it must not confirm who has it.
    assert list(party_selectors.party_list(analyst, q=NIK)) == []


def test_contact_hash_matches_phone_spellings(keys, make_case):
    case = make_case(reporter_contact="+62 812-7777-3141")
    wanted = crypto.keyed_hash("0812 7777 3141", "contact")
    assert Case.objects.filter(reporter_contact_hash=wanted).get().pk == case.pk


def test_hash_follows_the_value_on_save(keys, person):
    person.nik = "3273014501900002"
    person.save()
    assert Party.objects.filter(nik_hash=crypto.keyed_hash("3273014501900002", "digits")).exists()
    assert not Party.objects.filter(nik_hash=crypto.keyed_hash(NIK, "digits")).exists()


def test_timeline_keeps_reporter_changes_sealed_but_readable(keys, make_case, pusat_kepala):
    case = make_case(reporter_name=NAME)
    services.update_case(actor=pusat_kepala, case=case, changes={"reporter_name": "Ani"})
    event = CaseEvent.objects.filter(case=case, kind="updated").get()
    old, new = event.data["changes"]["reporter_name"]
    assert crypto.is_encrypted(old) and crypto.is_encrypted(new)
    assert (crypto.unseal(old), crypto.unseal(new)) == (NAME, "Ani")
