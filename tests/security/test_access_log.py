"""The access log: every view of a confidential case or of unmasked personal data is
an entry in the hash-chained audit trail (who, when, what, why); repeated views
within the throttle window are one entry; auditors filter it in the audit viewer."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from selaras.audit import services as audit
from selaras.audit.access_log import CONFIDENTIAL_CASE_VIEWED, PERSONAL_DATA_SHOWN
from selaras.audit.models import AuditEntry, AuditKind
from selaras.evidence import services as evidence
from selaras.parties import services as party_services
from tests.api.conftest import ApiClient
from tests.evidence.conftest import png_bytes

ACCESS = (CONFIDENTIAL_CASE_VIEWED, PERSONAL_DATA_SHOWN)


def entries(**filters):
    return list(AuditEntry.objects.filter(kind=AuditKind.SECURITY, action__in=ACCESS,
                                          **filters).order_by("seq"))


def web(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def test_handler_viewing_personal_data_is_logged_in_the_chain(make_user, make_case):
    case = make_case()
    handler = make_user("own", "penangan")
    assert web(handler).get(f"/kasus/{case.number}/").status_code == 200
    entry, = entries()
    assert (entry.action, entry.actor_id, entry.object_type, entry.object_id,
            entry.case_number) == (PERSONAL_DATA_SHOWN, handler.pk, "case", case.number,
                                   case.number)
    assert entry.data["reason"] == "personal data shown"
    assert entry.data["via"] == "case_page"
    assert entry.data["address"] == "127.0.0.1"
    assert audit.verify().problem is None  # part of the tamper-evident chain


def test_repeated_views_within_ten_minutes_are_one_entry(make_user, make_case):
    case = make_case()
    client = web(make_user("own", "penangan"))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            client.get(f"/kasus/{case.number}/")
        assert len(entries()) == 1
        clock.shift(timedelta(minutes=11))
        client.get(f"/kasus/{case.number}/")
    assert len(entries()) == 2


def test_throttle_holds_across_processes_through_the_database(make_user, make_case):
    from django.core.cache import cache

    case = make_case()
    client = web(make_user("own", "penangan"))
    client.get(f"/kasus/{case.number}/")
    cache.clear()  # another worker process has no cache entry
    client.get(f"/kasus/{case.number}/")
    assert len(entries()) == 1


def test_masked_view_of_an_ordinary_case_is_not_logged(make_user, make_case):
    case = make_case()
    assert web(make_user("own", "analis")).get(f"/kasus/{case.number}/").status_code == 200
    assert entries() == []


def test_case_without_personal_data_is_not_logged(make_user, make_case):
    case = make_case(reporter_name="", reporter_contact="")
    web(make_user("own", "penangan")).get(f"/kasus/{case.number}/")
    assert entries() == []


def test_confidential_case_is_logged_even_for_an_analyst(make_user, make_case):
    case = make_case(confidential=True)
    analyst = make_user("own", "analis")
    assert web(analyst).get(f"/kasus/{case.number}/").status_code == 200
    assert [(e.action, e.actor_id) for e in entries()] == [(CONFIDENTIAL_CASE_VIEWED,
                                                            analyst.pk)]


def test_confidential_case_with_personal_data_gives_both_reasons(make_user, make_case):
    case = make_case(confidential=True)
    web(make_user("own", "kepala")).get(f"/kasus/{case.number}/")
    assert sorted(e.action for e in entries()) == sorted(ACCESS)


def test_a_case_outside_jurisdiction_is_404_and_not_logged(make_user, make_case):
    case = make_case(confidential=True)
    assert web(make_user("sibling", "kepala")).get(f"/kasus/{case.number}/").status_code == 404
    assert entries() == []


def test_api_case_detail_is_logged(make_user, make_case):
    case = make_case()
    handler = make_user("own", "penangan")
    assert ApiClient(handler).get(f"/api/v1/cases/{case.number}").status_code == 200
    entry, = entries()
    assert (entry.actor_id, entry.data["via"]) == (handler.pk, "api_case")


def test_report_pdf_is_logged(make_user, make_case):
    case = make_case(confidential=True)
    kepala = make_user("own", "kepala")
    response = web(kepala).get(f"/kasus/{case.number}/laporan.pdf")
    assert response.status_code == 200
    assert {(e.action, e.data["via"]) for e in entries()} == {
        (CONFIDENTIAL_CASE_VIEWED, "case_report_pdf"), (PERSONAL_DATA_SHOWN, "case_report_pdf")}
    ApiClient(make_user("own", "penangan")).get(f"/api/v1/cases/{case.number}/report.pdf")
    assert {e.data["via"] for e in entries()} == {"case_report_pdf", "api_report_pdf"}


def test_party_detail_of_a_person_is_logged_for_handlers_only(make_user):
    handler = make_user("own", "penangan")
    person, _ = party_services.create_party(actor=handler, kind="perorangan", name="Siti",
                                            region="327301", nik="3273014501900001")
    group, _ = party_services.create_party(actor=handler, kind="kelompok", name="Forum",
                                           region="327301")
    client = web(handler)
    client.get(f"/pihak/{person.pk}/")
    client.get(f"/pihak/{group.pk}/")
    ApiClient(make_user("own", "kepala")).get(f"/api/v1/parties/{person.pk}")
    web(make_user("own", "analis")).get(f"/pihak/{person.pk}/")
    assert [(e.object_type, e.object_id, e.data["via"]) for e in entries()] == [
        ("party", str(person.pk), "party_page"), ("party", str(person.pk), "api_party")]


def test_attachment_download_of_a_confidential_case_is_logged(make_user, make_case, media_root):
    kepala = make_user("own", "kepala")
    case = make_case(confidential=True, reporter_name="", reporter_contact="")
    plain = make_case(reporter_name="", reporter_contact="")
    files = [evidence.add_attachment(actor=kepala, case=c, kind="foto",
                                     uploaded_file=SimpleUploadedFile("a.png", png_bytes()))
             for c in (case, plain)]
    client = web(kepala)
    for c, attachment in zip((case, plain), files, strict=True):
        response = client.get(f"/kasus/{c.number}/lampiran/{attachment.pk}/")
        assert response.status_code == 200, response.status_code
    entry, = entries()
    assert (entry.action, entry.object_type, entry.object_id, entry.case_number) == (
        CONFIDENTIAL_CASE_VIEWED, "attachment", str(files[0].pk), case.number)


def test_auditor_finds_the_entries_by_action_in_the_viewer(make_user, make_case):
    case = make_case(confidential=True)
    web(make_user("own", "kepala")).get(f"/kasus/{case.number}/")
    viewer = web(make_user("pusat", "auditor"))
    html = viewer.get("/audit/", {"action": CONFIDENTIAL_CASE_VIEWED}).content.decode()
    assert CONFIDENTIAL_CASE_VIEWED in html and case.number in html
    assert PERSONAL_DATA_SHOWN not in html.split("<tbody", 1)[-1]


def test_timeline_parties_and_edit_page_count_as_views_of_the_case(make_user, make_case):
    case = make_case()
    kepala = make_user("own", "kepala")
    api = ApiClient(kepala)
    api.get(f"/api/v1/cases/{case.number}/events")
    assert [e.data["via"] for e in entries()] == ["api_case_events"]
    # Within the window, further views of the same case add nothing.
    api.get(f"/api/v1/cases/{case.number}/parties")
    assert web(kepala).get(f"/kasus/{case.number}/ubah/").status_code == 200
    assert len(entries()) == 1
    other = make_user("own", "penangan")
    ApiClient(other).get(f"/api/v1/cases/{case.number}/parties")
    web(make_user("own", "kepala")).get(f"/kasus/{case.number}/ubah/")
    assert [e.data["via"] for e in entries()] == [
        "api_case_events", "api_case_parties", "case_edit_page"]
