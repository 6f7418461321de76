"""seed_synthetic: realistic, consistent synthetic cases (issue #8 item 4)."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from selaras.cases.models import Case, CaseEvent, CaseNumberSequence
from selaras.parties.models import CaseParty, Party

pytestmark = pytest.mark.django_db


def seed(n=400, **kwargs):
    call_command("seed_synthetic", cases=n, batch=150, verbosity=0, **kwargs)


def test_generates_cases_with_timelines_parties_and_consistent_states():
    seed(400)
    cases = list(Case.objects.all())
    assert len(cases) == 400
    statuses = Counter(c.status for c in cases)
    assert set(statuses) == {"dilaporkan", "terverifikasi", "ditangani", "selesai",
                             "pemantauan", "ditutup", "ditolak"}
    assert {c.alert_level for c in cases} == {1, 2, 3}
    for case in cases:
        assert case.location_id.startswith(case.district_code)
        assert case.district_code.startswith(case.regency_code)
        assert (case.due_at is not None) == (case.status in {"dilaporkan", "terverifikasi",
                                                             "ditangani", "pemantauan"})
        assert (case.closed_at is not None) == (case.status in {"ditutup", "ditolak"})
    # Every case has its "created" event; the last event's status is the case's status.
    last = {}
    for event in CaseEvent.objects.order_by("case_id", "created_at", "id"):
        if event.to_status:
            last[event.case_id] = event.to_status
    assert CaseEvent.objects.filter(kind="created").count() == 400
    assert all(last[c.id] == c.status for c in cases)
    assert Party.objects.exists() and CaseParty.objects.exists()
    assert not CaseParty.objects.exclude(case__in=Case.objects.all()).exists()


def test_routing_and_numbers_follow_the_services():
    seed(200)
    for case in Case.objects.select_related("handling_unit")[:200]:
        wanted = {1: case.district_code, 2: case.regency_code, 3: case.province_code}
        assert case.handling_unit.code == wanted[case.alert_level]
        assert case.number.startswith(f"KSBK-{case.regency_code}-")


def test_a_real_case_made_afterwards_gets_the_next_number(pusat_kepala):
    seed(200)
    case = Case.objects.filter(regency_code="3273").order_by("-number").first()
    if case is None:
        pytest.skip("no synthetic case fell in Kota Bandung with this seed")
    year = int(case.number.split("-")[2])
    sequence = CaseNumberSequence.objects.get(regency_code="3273", year=year)
    assert case.number.endswith(f"{sequence.last_value:05d}")


def test_new_case_numbers_do_not_collide(make_case):
    seed(300)
    # Every regency/year counter is past the numbers used: creating through the service works.
    for _ in range(3):
        made = make_case()
        assert made.number not in set(Case.objects.exclude(pk=made.pk).values_list("number",
                                                                                 flat=True))


def test_refuses_a_database_with_real_cases(make_case):
    make_case()
    with pytest.raises(CommandError, match="benchmark databases only"):
        seed(10)
    assert Case.objects.count() == 1


def test_reproducible_with_the_same_seed():
    seed(50, seed=3)
    first = list(Case.objects.order_by("id").values_list("title", "status", "location_id"))
    Case.objects.all().delete()
    Party.objects.all().delete()
    CaseNumberSequence.objects.all().delete()
    seed(50, seed=3)
    second = list(Case.objects.order_by("id").values_list("title", "status", "location_id"))
    assert first == second


def test_bad_arguments_are_clear_errors():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_synthetic", cases=0, verbosity=0)


def test_jurisdiction_reads_work_on_synthetic_data(make_user):
    seed(300)
    kanwil = make_user("32", "kepala")
    visible = Case.objects.restrict(kanwil, "view")
    open_in_32 = Case.objects.filter(province_code="32", confidential=False)
    assert open_in_32.exists()
    assert set(open_in_32.values_list("pk", flat=True)) <= set(visible.values_list("pk",
                                                                                  flat=True))
    assert not visible.exclude(province_code="32").exclude(
        handling_unit__path__startswith="/pusat/32/").exists()


def test_personal_data_is_encrypted_and_searchable_by_its_hash():
    from django.db import connection

    from selaras.core import crypto

    seed(60)
    with_contact = Case.objects.exclude(reporter_contact="").first()
    assert with_contact is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_contact FROM cases_case WHERE id = %s", [with_contact.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("enc:") and with_contact.reporter_contact not in raw
    assert with_contact.reporter_contact_hash == crypto.keyed_hash(
        with_contact.reporter_contact, "contact")


# ---------------------------------------------------------------- fast path (issue #8 item 4)

def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (COPY, index rebuild, generating process)")


def _rows():
    return {
        "cases": list(Case.objects.order_by("id").values_list(
            "id", "number", "title", "status", "location_id", "handling_unit_id", "religions",
            "reporter_name", "reporter_contact",
            "reporter_contact_hash")),
        "events": list(CaseEvent.objects.order_by("id").values_list(
            "id", "case_id", "kind", "action", "to_status", "data", "reason")),
        "parties": list(Party.objects.order_by("id").values_list(
            "id", "kind", "name", "name_normalised", "nik", "nik_hash", "region_id")),
        "links": list(CaseParty.objects.order_by("id").values_list(
            "id", "case_id", "party_id", "role")),
    }


def _wipe():
    CaseParty.objects.all().delete()
    Party.objects.all().delete()
    CaseEvent.objects.all().delete()
    Case.objects.all().delete()
    CaseNumberSequence.objects.all().delete()


def test_copy_text_escapes_what_copy_would_misread():
    from selaras.core.synthetic import copy_text

    assert copy_text("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    assert copy_text(None) == "\\N" and copy_text(12) == "12" and copy_text("plain") == "plain"


@pytest.mark.postgres
def test_postgres_load_rebuilds_every_index_and_constraint():
    _postgres_only()
    from selaras.core import synthetic

    before = synthetic.secondary_indexes()
    assert len(before["indexes"]) > 20 and before["constraints"]
    seed(450)  # several batches, empty tables: indexes dropped and rebuilt
    assert synthetic._comparable(synthetic.secondary_indexes()) == synthetic._comparable(before)
    assert Case.objects.count() == 450
    # Foreign keys were re-validated: every link points at a case and a party.
    assert not CaseParty.objects.exclude(party__in=Party.objects.all()).exists()
    # Encrypted at rest, read back through the ORM, searchable by the keyed hash.
    party = Party.objects.exclude(nik="").first()
    from selaras.core import crypto
    assert party.nik_hash == crypto.keyed_hash(party.nik, "digits")


@pytest.mark.postgres
def test_postgres_failure_rolls_back_rows_and_keeps_the_indexes(monkeypatch):
    _postgres_only()
    from selaras.core import synthetic

    before = synthetic._comparable(synthetic.secondary_indexes())
    calls = {"n": 0}
    original = synthetic.Writer.copy

    def failing(self, payload):
        calls["n"] += 1
        if calls["n"] == 6:  # in the second batch
            raise RuntimeError("disk full")
        return original(self, payload)

    monkeypatch.setattr(synthetic.Writer, "copy", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        seed(400)
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    assert synthetic._comparable(synthetic.secondary_indexes()) == before


@pytest.mark.postgres
def test_postgres_generator_failure_is_reported_and_rolled_back(monkeypatch):
    _postgres_only()
    from selaras.core import synthetic

    before = synthetic._comparable(synthetic.secondary_indexes())

    def broken(self, party_id, village):
        raise ValueError("broken generator")

    monkeypatch.setattr(synthetic.Generator, "_party", broken)  # inherited by the fork
    with pytest.raises(synthetic.GeneratorFailed, match="broken generator"):
        seed(300)
    assert not Case.objects.exists()
    assert synthetic._comparable(synthetic.secondary_indexes()) == before


@pytest.mark.postgres
def test_postgres_tables_with_rows_keep_their_indexes_unless_asked(monkeypatch):
    _postgres_only()
    from selaras.core import synthetic

    seed(100)
    dropped = []
    original = synthetic.drop_secondary_indexes
    monkeypatch.setattr(synthetic, "drop_secondary_indexes",
                        lambda found: (dropped.append(1), original(found)))
    seed(100)  # auto: the tables hold rows now
    assert dropped == [] and Case.objects.count() == 200
    call_command("seed_synthetic", cases=100, batch=150, verbosity=0, indexes="rebuild")
    assert dropped == [1] and Case.objects.count() == 300
    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


@pytest.mark.postgres
def test_postgres_same_seed_same_rows_with_or_without_the_generating_process():
    _postgres_only()
    seed(320, seed=5)
    parallel = _rows()
    _wipe()
    call_command("seed_synthetic", cases=320, batch=150, verbosity=0, seed=5, serial=True,
                 indexes="keep")
    serial = _rows()
    # Ids differ (sequences moved on), times are relative to "now"; everything else is
    # the same, row for row.
    def shifted(rows):
        return {key: [row[1:] for row in value] for key, value in rows.items()}
    assert {k: len(v) for k, v in parallel.items()} == {k: len(v) for k, v in serial.items()}
    assert shifted(parallel)["cases"] == shifted(serial)["cases"]
    assert [r[2:] for r in parallel["events"]] == [r[2:] for r in serial["events"]]
    assert [r[1:] for r in parallel["parties"]] == [r[1:] for r in serial["parties"]]
    assert [r[3:] for r in parallel["links"]] == [r[3:] for r in serial["links"]]
