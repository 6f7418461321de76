"""POST /api/v1/intake: reports from other systems, one case per external reference."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from selaras.audit.models import AuditEntry
from selaras.cases.models import Case, CaseEvent, Status
from selaras.integration import intake
from selaras.integration.models import ExternalReference

from .conftest import VILLAGE_IN_CHILD

URL = "/api/v1/intake"


@pytest.fixture
def chatbot(make_user):
    return make_user("pusat", "pelapor", username="si-paham", is_service_account=True)


def report(**overrides):
    body = {
        "source_system": "si_paham",
        "external_ref": "WA-2026-11-000123",
        "location": VILLAGE_IN_CHILD,
        "text": "Warga melaporkan penolakan kegiatan ibadah di rumah warga RT 02.\n"
                "Sekitar 30 orang berkumpul di depan rumah.",
    }
    body.update(overrides)
    return body


def test_first_report_creates_a_reported_case_routed_by_location(api_as, chatbot):
    answer = api_as(chatbot).post(URL, report())
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["created"] is True
    case = Case.objects.get(number=data["number"])
    assert case.status == Status.DILAPORKAN == data["status"]
    # level 1 in Sukasari → KUA Sukasari
    assert case.handling_unit.code == "327301" == data["handling_unit"]
    assert case.source_channel == "si_paham" == data["source_channel"]
    assert case.created_by == chatbot
    assert case.category_id == "lainnya" and case.alert_level == 1
    assert case.title == "Warga melaporkan penolakan kegiatan ibadah di rumah warga RT 02."
    assert data["url"].endswith(f"/api/v1/cases/{case.number}")
    assert answer["Location"] == data["url"]
    ref = ExternalReference.objects.get()
    assert (ref.case, ref.source_system, ref.external_ref) == (
        case, "si_paham", "WA-2026-11-000123")
    assert CaseEvent.objects.filter(case=case, kind="created").count() == 1


def test_the_same_reference_twice_gives_one_case(api_as, chatbot):
    api = api_as(chatbot)
    first = api.post(URL, report()).json()
    again = api.post(URL, report(text="Dikirim ulang oleh chatbot."))
    assert again.status_code == 200
    data = again.json()
    assert data["created"] is False
    assert data["number"] == first["number"]
    assert data["visible"] is True and data["status"] == "dilaporkan"
    assert Case.objects.count() == 1
    assert ExternalReference.objects.count() == 1
    assert CaseEvent.objects.filter(kind="created").count() == 1


def test_the_same_reference_from_another_system_is_another_case(api_as, chatbot):
    api = api_as(chatbot)
    api.post(URL, report())
    answer = api.post(URL, report(source_system="si_rukun"))
    assert answer.status_code == 201
    assert Case.objects.count() == 2


def test_a_lost_race_returns_the_winners_case_and_keeps_nothing_of_its_own(
        api_as, chatbot, make_case):
    """Two requests with one pair: the other one commits its row after our lookup found
    nothing, so our insert hits the unique constraint (a real IntegrityError); our case
    is rolled back and we answer with the winner's case."""
    winner_case = make_case()
    ExternalReference.objects.create(case=winner_case, source_system="si_paham",
                                     external_ref="WA-2026-11-000123")
    audit_rows = AuditEntry.objects.count()
    real_lookup = intake.existing_reference
    calls = []

    def lookup_before_the_winner_committed(system, ref):
        calls.append((system, ref))
        return None if len(calls) == 1 else real_lookup(system, ref)

    with mock.patch.object(intake, "existing_reference",
                           side_effect=lookup_before_the_winner_committed):
        answer = api_as(chatbot).post(URL, report())
    assert len(calls) == 2  # the pre-check, then the winner after the IntegrityError
    assert answer.status_code == 200, answer.content
    assert answer.json()["created"] is False
    assert answer.json()["number"] == winner_case.number
    assert Case.objects.count() == 1  # the loser's case was rolled back
    assert ExternalReference.objects.count() == 1
    assert AuditEntry.objects.count() == audit_rows


def test_race_through_the_real_constraint(chatbot, make_case):
    """Without mocks: the pair already stored but not seen by the first lookup."""
    other = make_case()
    ExternalReference.objects.create(case=other, source_system="si_rukun",
                                     external_ref="EW-77")
    with mock.patch.object(intake, "existing_reference",
                           wraps=intake.existing_reference) as lookup:
        lookup.side_effect = [None, intake.existing_reference("si_rukun", "EW-77")]
        result = intake.receive_report(
            actor=chatbot, source_system="si_rukun", external_ref="EW-77",
            location=VILLAGE_IN_CHILD, text="Peringatan dini: potensi bentrok.")
    assert result.created is False and result.case == other
    assert Case.objects.count() == 1
    assert ExternalReference.objects.count() == 1


def test_early_warning_alert_level_routes_higher(api_as, chatbot):
    answer = api_as(chatbot).post(URL, report(
        source_system="si_rukun", external_ref="EWS-3273-2026-0042", alert_level=2,
        category="rumah_ibadah", title="Potensi konflik pendirian gereja"))
    assert answer.status_code == 201, answer.content
    case = Case.objects.get()
    assert case.handling_unit.code == "3273"  # level 2 → Kankemenag Kota Bandung
    assert case.source_channel == "si_rukun"
    assert case.title == "Potensi konflik pendirian gereja"
    assert case.category_id == "rumah_ibadah"


@pytest.mark.parametrize(("system", "channel"), [
    ("penyuluh_app", "penyuluh"), ("simpenais", "penyuluh"), ("other", "api"),
    ("pusdatin", "api")])
def test_source_system_maps_to_the_cases_channel(api_as, chatbot, system, channel):
    answer = api_as(chatbot).post(URL, report(source_system=system))
    assert answer.status_code == 201
    assert Case.objects.get().source_channel == channel


def test_optional_fields_reach_the_case(api_as, chatbot):
    occurred = (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    answer = api_as(chatbot).post(URL, report(
        occurred_at=occurred.isoformat(), reporter_name="Siti", reporter_contact="0812",
        latitude=-6.88, longitude=107.59, address="Jl. Sukasari 1",
        extra={"wa_thread": "abc", "confidence": 0.8}))
    assert answer.status_code == 201, answer.content
    case = Case.objects.get()
    assert case.occurred_at == occurred
    assert (case.reporter_name, case.reporter_contact) == ("Siti", "0812")
    assert case.latitude == pytest.approx(-6.88)
    assert ExternalReference.objects.get().extra == {"wa_thread": "abc", "confidence": 0.8}


def test_every_problem_is_reported_and_nothing_written(api_as, chatbot):
    audit_rows = AuditEntry.objects.count()
    answer = api_as(chatbot).post(URL, {
        "source_system": "whatsapp_bot", "external_ref": "x" * 101, "location": "9999",
        "extra": {"blob": "y" * 9000}}, **{"Accept-Language": "en"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"source_system", "external_ref", "location", "text", "extra"}
    assert "title" not in errors  # derived from the text: only the text is reported
    assert Case.objects.count() == 0
    assert ExternalReference.objects.count() == 0
    assert AuditEntry.objects.count() == audit_rows


def test_intake_problems_alone_still_write_nothing(api_as, chatbot):
    """Valid case fields but an unknown source system: the case is not kept."""
    answer = api_as(chatbot).post(URL, report(source_system="unknown"))
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"source_system"}
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_missing_text_is_422(api_as, chatbot):
    body = report()
    del body["text"]
    answer = api_as(chatbot).post(URL, body)
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"text"}
    assert Case.objects.count() == 0


@pytest.mark.parametrize("extra", [
    {"nested": [[[[[[[[[[[1]]]]]]]]]]]},
    {"text": "nul\x00char"},
    {"big": "z" * (intake.MAX_EXTRA_BYTES + 1)},
])
def test_bad_extra_is_422(api_as, chatbot, extra):
    answer = api_as(chatbot).post(URL, report(extra=extra))
    assert answer.status_code == 422
    assert "extra" in answer.json()["errors"]
    assert Case.objects.count() == 0


def test_extra_must_be_an_object(api_as, chatbot):
    answer = api_as(chatbot).post(URL, report(extra=[1, 2]))
    assert answer.status_code == 422
    assert "extra" in answer.json()["errors"]


def test_unknown_fields_are_refused(api_as, chatbot):
    answer = api_as(chatbot).post(URL, report(attachments=["a.jpg"]))
    assert answer.status_code == 422
    assert "attachments" in answer.json()["errors"]


def test_a_regency_code_is_not_precise_enough(api_as, chatbot):
    answer = api_as(chatbot).post(URL, report(location="3273"))
    assert answer.status_code == 422
    assert "location" in answer.json()["errors"]


def test_a_caller_without_create_rights_is_403(api_as, make_user):
    analyst = make_user("pusat", "analis")
    answer = api_as(analyst).post(URL, report())
    assert answer.status_code == 403
    assert Case.objects.count() == 0


def test_no_probing_of_known_pairs_without_create_rights(api_as, chatbot, make_user):
    api_as(chatbot).post(URL, report())
    answer = api_as(make_user("pusat", "auditor")).post(URL, report())
    assert answer.status_code == 403
    assert "number" not in answer.json()


def test_a_caller_outside_the_region_is_403(api_as, make_user):
    bandung_reporter = make_user("own", "pelapor")
    answer = api_as(bandung_reporter).post(URL, report(location="3171011001"))  # Jakarta
    assert answer.status_code == 403
    assert Case.objects.count() == 0
    assert ExternalReference.objects.count() == 0


def test_unauthenticated_is_401(api_as):
    assert api_as().post(URL, report()).status_code == 401


HIDDEN_DUPLICATE = {
    "created": False, "number": None, "source_system": "si_paham",
    "external_ref": "WA-2026-11-000123", "visible": False, "status": None,
    "alert_level": None, "handling_unit": None, "handling_unit_name": None,
    "source_channel": None, "received_at": None, "url": None, "web_url": None}


def test_a_known_pair_the_caller_cannot_see_only_confirms_the_duplicate(
        api_as, chatbot, make_user):
    api_as(chatbot).post(URL, report())
    case = Case.objects.get()
    # Another system's account, in another province, resends the same pair.
    jakarta = make_user("other_province", "pelapor")
    answer = api_as(jakarta).post(URL, report())
    assert answer.status_code == 200
    assert answer.json() == HIDDEN_DUPLICATE
    assert case.number not in answer.content.decode()
    assert "Location" not in answer
    assert Case.objects.count() == 1


def test_the_sender_loses_the_number_once_the_case_is_made_confidential(api_as, make_user):
    from selaras.cases import services

    kua_app = make_user("child", "pelapor", username="aplikasi-kua")
    first = api_as(kua_app).post(URL, report(alert_level=2)).json()
    case = Case.objects.get(number=first["number"])
    assert case.handling_unit.code == "3273"  # level 2: the Kankemenag, above the KUA
    head = make_user(case.handling_unit.code, "kepala")
    services.update_case(actor=head, case=case, changes={"confidential": True},
                         reason="Menyangkut keselamatan pelapor")
    assert not Case.objects.restrict(kua_app, "view").filter(pk=case.pk).exists()
    answer = api_as(kua_app).post(URL, report(alert_level=2))
    assert answer.status_code == 200
    assert answer.json() == HIDDEN_DUPLICATE
    assert case.number not in answer.content.decode()
    # Someone who may read the case still gets it in full.
    seen = api_as(head).post(URL, report()).json()
    assert (seen["visible"], seen["number"]) == (True, case.number)


def test_idempotency_key_replays_the_first_answer(api_as, chatbot):
    api = api_as(chatbot)
    key = {"Idempotency-Key": "0d9f7d0e-intake-1"}
    first = api.post(URL, report(), **key)
    second = api.post(URL, report(), **key)
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert second.content == first.content
    other_body = api.post(URL, report(external_ref="WA-other"), **key)
    assert other_body.status_code == 422
    assert Case.objects.count() == 1


def test_external_refs_of_a_case(api_as, chatbot, make_user):
    api_as(chatbot).post(URL, report(extra={"wa_thread": "abc"}))
    case = Case.objects.get()
    handler = make_user("child", "penangan")
    answer = api_as(handler).get(f"/api/v1/cases/{case.number}/external-refs")
    assert answer.status_code == 200
    item = answer.json()["items"][0]
    assert item["source_system"] == "si_paham"
    assert item["external_ref"] == "WA-2026-11-000123"
    assert item["received_by"] == "si-paham"
    assert item["extra"] == {"wa_thread": "abc"}


def test_external_refs_extra_hidden_from_analysts(api_as, chatbot, make_user):
    api_as(chatbot).post(URL, report(extra={"phone": "0812"}))
    case = Case.objects.get()
    answer = api_as(make_user("own", "analis")).get(
        f"/api/v1/cases/{case.number}/external-refs")
    assert answer.status_code == 200
    assert answer.json()["items"][0]["extra"] is None


def test_external_refs_outside_jurisdiction_is_404(api_as, chatbot, make_user):
    api_as(chatbot).post(URL, report())
    case = Case.objects.get()
    answer = api_as(make_user("other_province", "kepala")).get(
        f"/api/v1/cases/{case.number}/external-refs")
    assert answer.status_code == 404


def test_case_page_shows_channel_and_reference(client, chatbot, make_user, api_as):
    api_as(chatbot).post(URL, report())
    case = Case.objects.get()
    client.force_login(make_user("child", "penangan"))
    page = client.get(f"/kasus/{case.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "WA-2026-11-000123" in html
    assert "Si Paham" in html


@pytest.mark.parametrize(("text", "title"), [
    ("Satu baris saja", "Satu baris saja"),
    ("\n\n  Baris   pertama  \nkedua", "Baris pertama"),
])
def test_derive_title(text, title):
    assert intake.derive_title(text) == title


def test_derived_title_is_shortened_at_a_word():
    title = intake.derive_title("kata " * 60)
    assert len(title) <= intake.DERIVED_TITLE_LENGTH
    assert title.endswith("kata…")


BASE = '"source_system":"si_paham","external_ref":"a","location":"3273011001","text":"x"'


@pytest.mark.parametrize(("body", "status", "field"), [
    ("{" + BASE + ',"extra":{"a":NaN}}', 422, "extra"),
    ("{" + BASE + ',"extra":{"a":"\\ud800"}}', 422, "extra"),
    ("{" + BASE + ',"extra":{"\\u0000":1}}', 422, "extra"),
    ('{"source_system":"si_paham","external_ref":"a\\tb","location":"3273011001","text":"x"}',
     422, "external_ref"),
    ('{"source_system":1,"external_ref":2,"location":3,"text":4,"alert_level":"2"}',
     422, "alert_level"),
    ("{" + BASE + ',"occurred_at":"9999-12-31T23:59:59Z"}', 422, "occurred_at"),
    ("[]", 400, None),
])
def test_odd_bodies_are_refused_cleanly(api_as, chatbot, body, status, field):
    """What PostgreSQL could not store (NaN, lone surrogates, NUL) never reaches it."""
    answer = api_as(chatbot).post(URL, body)
    assert answer.status_code == status
    if field:
        assert field in answer.json()["errors"]
    assert Case.objects.count() == 0


@pytest.mark.parametrize(("example", "unit", "channel"), [
    ("si-paham-report.json", "327301", "si_paham"),
    ("si-rukun-alert.json", "3273", "si_rukun"),
])
def test_documented_examples_work(api_as, chatbot, example, unit, channel):
    """The payloads in docs/intake-examples/ (also shown in docs/api.md) are accepted."""
    import json
    from pathlib import Path

    from django.conf import settings

    body = json.loads((Path(settings.BASE_DIR) / "docs" / "intake-examples" / example)
                      .read_text(encoding="utf-8"))
    api = api_as(chatbot)
    first = api.post(URL, body)
    assert first.status_code == 201, first.content
    assert first.json()["handling_unit"] == unit
    assert first.json()["source_channel"] == channel
    again = api.post(URL, body)
    assert again.status_code == 200
    assert again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == 1
