"""Workflow actions from the detail page: done, refused (403 / message), or re-shown with errors."""

from django.urls import reverse

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, Status


def url(case, action):
    return reverse("case-transition", args=[case.number, action])


def snapshot(case):
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.status, fresh.handling_unit_id, fresh.version,
            CaseEvent.objects.filter(case=case).count())


def test_verify_works_and_writes_an_event(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "kepala"))
    response = client.post(url(case, "verify"), {"verify-version": case.version})
    assert response.status_code == 302
    assert response.url == reverse("case-detail", args=[case.number])
    case.refresh_from_db()
    assert case.status == Status.TERVERIFIKASI
    event = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert event.action == "verify" and event.to_status == Status.TERVERIFIKASI
    page = client.get(response.url).content.decode()
    assert "“Verify” done" in page


def test_escalate_with_reason_moves_the_case_to_the_chosen_ancestor(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "kepala"))
    response = client.post(url(case, "escalate"), {
        "escalate-target_unit": "32", "escalate-reason": "Meluas ke kabupaten lain",
        "escalate-version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handling_unit.code == "32"
    assert CaseEvent.objects.filter(case=case, action="escalate",
                                    reason="Meluas ke kabupaten lain").exists()


def test_role_refusal_is_403_and_changes_nothing(make_user, make_case, login):
    case = make_case()
    before = snapshot(case)
    response = login(make_user("own", "penangan")).post(url(case, "verify"))
    assert response.status_code == 403
    assert "Your role does not allow" in response.content.decode()
    assert snapshot(case) == before


def test_action_not_allowed_in_this_state_gives_a_message_and_changes_nothing(
        make_user, make_case, login):
    case = make_case()
    before = snapshot(case)
    client = login(make_user("own", "kepala"))
    response = client.post(url(case, "resolve"), {"resolve-outcome": "damai",
                                                  "resolve-reason": "x"})
    assert response.status_code == 302
    assert snapshot(case) == before
    page = client.get(response.url).content.decode()
    assert "is not possible while the case is" in page
    assert "Nothing was changed" in page


def test_stale_version_is_refused(make_user, make_case, login):
    case = make_case()
    kepala = make_user("own", "kepala")
    client = login(kepala)
    stale = case.version
    services.add_note(actor=kepala, case=case, body="catatan")  # bumps the version
    before = snapshot(case)
    response = client.post(url(case, "verify"), {"verify-version": stale})
    assert response.status_code == 302
    assert snapshot(case) == before
    assert "Someone else changed this case" in client.get(response.url).content.decode()


def test_missing_reason_re_renders_with_error_summary_and_keeps_input(make_user, make_case,
                                                                      login):
    case = make_case()
    before = snapshot(case)
    response = login(make_user("own", "kepala")).post(url(case, "reject"), {
        "reject-reject_reason": "duplikat", "reject-duplicate_of": "KSBK-XXXX",
        "reject-reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_reject-reason"' in html
    assert 'value="KSBK-XXXX"' in html  # what was typed is kept
    assert '<details class="action action--danger" id="action-reject" open>' in html
    assert snapshot(case) == before


def test_service_validation_error_is_mapped_to_the_field(make_user, make_case, login):
    case = make_case()
    before = snapshot(case)
    response = login(make_user("own", "kepala")).post(url(case, "reject"), {
        "reject-reject_reason": "duplikat", "reject-duplicate_of": "KSBK-9999-2026-00001",
        "reject-reason": "Sama dengan laporan lain"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_reject-duplicate_of"' in html
    assert "KSBK-9999-2026-00001" in html
    assert snapshot(case) == before


def test_reject_as_duplicate_links_the_original(make_user, make_case, login):
    original = make_case()
    duplicate = make_case()
    response = login(make_user("own", "kepala")).post(url(duplicate, "reject"), {
        "reject-reject_reason": "duplikat", "reject-duplicate_of": original.number,
        "reject-reason": "Laporan ganda"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DITOLAK and duplicate.duplicate_of_id == original.pk


def test_resolve_needs_an_outcome(make_user, make_case, login):
    case = make_case()
    kepala = make_user("own", "kepala")
    services.perform_transition(actor=kepala, case=case, action="verify")
    services.perform_transition(actor=kepala, case=case, action="start")
    client = login(kepala)
    response = client.post(url(case, "resolve"), {"resolve-reason": "Sudah damai"})
    assert response.status_code == 400
    assert 'href="#id_resolve-outcome"' in response.content.decode()
    response = client.post(url(case, "resolve"), {"resolve-reason": "Sudah damai",
                                                  "resolve-outcome": "damai"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SELESAI and case.outcome == "damai"


def test_unknown_action_is_404(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "kepala")).post(url(case, "explode"))
    assert response.status_code == 404


def test_transition_needs_post(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "kepala")).get(url(case, "verify"))
    assert response.status_code == 405


def test_rows_applied_by_their_own_service_are_not_on_the_generic_url(make_user, make_case,
                                                                     login):
    import pytest

    from selaras.cases.workflow import TRANSITIONS

    service_rows = [a for a, t in TRANSITIONS.items() if t.extra.get("service")]
    if not service_rows:
        pytest.skip("no service-only workflow rows")
    case = make_case()
    before = snapshot(case)
    client = login(make_user("own", "kepala"))
    for action in service_rows:
        assert client.post(url(case, action), {f"{action}-reason": "x"}).status_code == 404
    assert snapshot(case) == before
