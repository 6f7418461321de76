"""Retention: closed cases past the period lose personal data, keep statistics, once."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from selaras.automation.scheduler import discover
from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, EventKind, Note
from selaras.notifications.models import Notification
from selaras.parties import services as party_services
from selaras.parties.models import Party
from selaras.privacy.anonymisation import anonymise_case, apply_retention
from selaras.privacy.models import AnonymisedCase
from selaras.privacy.retention import ANONYMISED_TEXT

pytestmark = pytest.mark.django_db


def test_closed_case_past_the_period_loses_personal_data_and_keeps_statistics(
        make_case, pusat_kepala, close_case, after_retention):
    case = make_case(address="Jl. Mawar 7", latitude=-6.9, longitude=107.6)
    services.add_note(actor=pusat_kepala, case=case, body="Pak Budi menelpon lagi")
    case = close_case(case, pusat_kepala)
    stats_before = Case.objects.filter(pk=case.pk).values(
        "category_id", "location_id", "province_code", "regency_code", "district_code",
        "alert_level", "status", "outcome", "reported_at", "occurred_at", "closed_at",
        "handling_unit_id", "title").get()

    run = apply_retention(after_retention)

    case.refresh_from_db()
    assert run.cases == [case.number]
    assert (case.reporter_name, case.reporter_contact, case.address) == ("", "", "")
    assert case.chronology == ANONYMISED_TEXT and case.outcome_note == ""
    assert Note.objects.get(case=case).body == ANONYMISED_TEXT
    assert Case.objects.filter(pk=case.pk).values(*stats_before).get() == stats_before
    for derived in Case._meta.concrete_fields:  # keyed hashes follow their source
        if getattr(derived, "source", None) in ("reporter_name", "reporter_contact"):
            assert getattr(case, derived.attname) == derived.compute("")
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.kind, event.action) == (EventKind.UPDATED, "anonymised")
    assert set(event.data["anonymised"]) >= {"reporter_name", "reporter_contact", "address",
                                             "chronology", "notes"}
    assert "Budi" not in str(event.data)


def test_second_run_changes_nothing(make_case, pusat_kepala, close_case, after_retention):
    case = close_case(make_case(), pusat_kepala)
    apply_retention(after_retention)
    events, version = CaseEvent.objects.count(), Case.objects.get(pk=case.pk).version
    run = apply_retention(after_retention)
    assert run.cases == []
    assert CaseEvent.objects.count() == events
    assert Case.objects.get(pk=case.pk).version == version
    assert anonymise_case(case=case, actor=pusat_kepala) is None
    assert AnonymisedCase.objects.filter(case=case).count() == 1


def test_recently_closed_and_open_cases_are_untouched(make_case, pusat_kepala, close_case):
    closed = close_case(make_case(), pusat_kepala)
    open_case = make_case()
    just_before = timezone.now() + timedelta(days=5 * 365 - 1)
    run = apply_retention(just_before)
    assert run.cases == []
    for case in (closed, open_case):
        case.refresh_from_db()
        assert case.reporter_name == "Budi Santoso"
    far_future = timezone.now() + timedelta(days=20 * 365)
    apply_retention(far_future)
    open_case.refresh_from_db()
    assert open_case.reporter_name == "Budi Santoso"  # never while the case is open


def test_old_values_are_scrubbed_from_change_events(make_case, pusat_kepala, close_case,
                                                    after_retention):
    case = make_case()
    case = services.update_case(actor=pusat_kepala, case=case,
                                changes={"reporter_contact": "0813-9999-0000"})
    case = close_case(case, pusat_kepala)
    apply_retention(after_retention)
    changed = CaseEvent.objects.get(case=case, kind=EventKind.UPDATED, action="")
    assert changed.data["changes"]["reporter_contact"] == [ANONYMISED_TEXT, ANONYMISED_TEXT]
    assert "0812-0000-1111" not in str(CaseEvent.objects.filter(case=case).values("data"))


def test_persons_linked_only_to_anonymised_cases_are_anonymised(
        make_case, pusat_kepala, close_case, person, after_retention):
    only_here, also_open = person("Siti Aminah"), person("Rahmat Hidayat",
                                                         nik="3273010101800002")
    group, _similar = party_services.create_party(
        actor=pusat_kepala, kind="kelompok", name="Remaja Masjid Al-Ikhlas",
        region="3273011001")
    closed, open_case = make_case(), make_case()
    for party in (only_here, also_open, group):
        party_services.link_party_to_case(actor=pusat_kepala, case=closed, party=party,
                                          role="korban", note="saksi mata di lokasi")
    party_services.link_party_to_case(actor=pusat_kepala, case=open_case, party=also_open,
                                      role="pengadu")
    close_case(closed, pusat_kepala)

    apply_retention(after_retention)

    only_here.refresh_from_db()
    also_open.refresh_from_db()
    group.refresh_from_db()
    assert (only_here.name, only_here.nik, only_here.address) == (ANONYMISED_TEXT, "", "")
    assert only_here.religion == "islam"  # statistics stay
    assert (also_open.name, also_open.nik) == ("Rahmat Hidayat", "3273010101800002")
    assert group.name == "Remaja Masjid Al-Ikhlas"
    assert not closed.party_links.exclude(note="").exists()
    assert AnonymisedCase.objects.get(case=closed).parties == [only_here.pk]


def test_unlinked_old_persons_are_anonymised(person, after_retention):
    lonely = person("Dewi Lestari")
    apply_retention(after_retention)
    lonely.refresh_from_db()
    assert lonely.name == ANONYMISED_TEXT and lonely.nik == ""


def test_old_notifications_and_expired_sessions_are_deleted(pusat_kepala):
    Notification.objects.create(user=pusat_kepala, kind="digest", subject="Lama",
                                dedupe_key="old")
    Session.objects.create(session_key="x" * 32, session_data="",
                           expire_date=timezone.now() - timedelta(hours=1))
    run = apply_retention(timezone.now() + timedelta(days=181))
    assert run.notifications == 1 and run.sessions == 1
    assert not Notification.objects.exists() and not Session.objects.exists()


def test_dry_run_changes_nothing(make_case, pusat_kepala, close_case, capsys, time_machine):
    case = close_case(make_case(), pusat_kepala)
    time_machine.move_to(timezone.now() + timedelta(days=5 * 365 + 2))
    call_command("anonymise", "--dry-run")
    out = capsys.readouterr().out
    assert case.number in out and "nothing was changed" in out
    case.refresh_from_db()
    assert case.reporter_name == "Budi Santoso"
    call_command("anonymise")
    case.refresh_from_db()
    assert case.reporter_name == ""


def test_the_job_is_registered_daily():
    job = discover()["apply_retention"]
    assert job.every == timedelta(hours=24)


def test_anonymising_party_keeps_party_count(make_case, pusat_kepala, close_case, person,
                                             after_retention):
    party = person()
    case = make_case()
    party_services.link_party_to_case(actor=pusat_kepala, case=case, party=party, role="teradu")
    close_case(case, pusat_kepala)
    before = Party.objects.count()
    apply_retention(after_retention)
    assert Party.objects.count() == before
    assert case.party_links.count() == 1


def test_the_intake_extra_data_of_the_case_is_cleared(make_case, pusat_kepala, close_case,
                                                      after_retention):
    from selaras.integration.models import ExternalReference

    case = make_case()
    ExternalReference.objects.create(case=case, source_system="si_paham", external_ref="wa-1",
                                     extra={"wa_number": "+62812000111"})
    case = close_case(case, pusat_kepala)
    apply_retention(after_retention)
    reference = ExternalReference.objects.get(case=case)
    assert reference.extra == {} and reference.external_ref == "wa-1"
    event = CaseEvent.objects.filter(case=case).last()
    assert "external_ref_extra" in event.data["anonymised"]
