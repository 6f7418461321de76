"""Impact, actions, tasks, agreements and referrals through the case page's forms.

Each happy path writes its row and its timeline event and redirects to the
section; refusals change nothing: sibling office → 404, analyst → 403 and no
form, bad input → 400 with the error summary and the typed values kept.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent, EventKind, Status
from selaras.handling import services as handling
from selaras.handling.models import Agreement, HandlingAction, Impact, Referral, Task
from selaras.parties import services as parties

TODAY = timezone.localdate


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def verified(make_case, kepala):
    return case_services.perform_transition(actor=kepala, case=make_case(), action="verify")


@pytest.fixture
def handled(verified, kepala):
    return case_services.perform_transition(actor=kepala, case=verified, action="start")


def url(name, case, *args):
    return reverse(name, args=[case.number, *args])


def events(case, kind):
    return CaseEvent.objects.filter(case=case, kind=kind).count()


def linked_party(case, actor, name="Pengurus Musala Al-Ikhlas"):
    party, _ = parties.create_party(actor=actor, kind="kelompok", name=name, region="327301")
    parties.link_party_to_case(actor=actor, case=case, party=party, role="pengadu")
    return party


# --------------------------------------------------------------------------- impact


def test_impact_form_saves_the_figures_and_records_the_event(verified, kepala, login):
    client = login(kepala)
    response = client.post(url("case-impact", verified), {
        "impact-version": verified.version, "impact-dead": "0", "impact-injured": "3",
        "impact-displaced": "12", "impact-children_involved": "2",
        "impact-property_damaged_kind": "Pagar musala", "impact-property_damage_estimate":
        "15.000.000", "impact-reason": "Laporan Polsek"})
    assert response.status_code == 302 and response.url.endswith("#impact")
    impact = Impact.objects.get(case=verified)
    assert (impact.injured, impact.displaced, impact.property_damage_estimate) == (3, 12, 15000000)
    assert events(verified, EventKind.IMPACT) == 1
    html = client.get(response.url).content.decode()
    assert "The impact figures are saved." in html and "Impact recorded by" in html


def test_impact_bad_input_shows_errors_keeps_values_and_writes_nothing(verified, kepala, login):
    response = login(kepala).post(url("case-impact", verified), {
        "impact-version": verified.version, "impact-dead": "-1", "impact-injured": "banyak",
        "impact-displaced": "0", "impact-children_involved": "0",
        "impact-property_damaged_kind": "Pagar", "impact-property_damage_estimate": "mahal"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_impact-dead"' in html and 'href="#id_impact-injured"' in html
    assert 'value="banyak"' in html  # what the user typed is kept
    assert not Impact.objects.exists() and events(verified, EventKind.IMPACT) == 0


def test_stale_impact_form_is_refused_with_nothing_changed(verified, kepala, login):
    handling.set_impact(actor=kepala, case=verified, dead=1)
    response = login(kepala).post(url("case-impact", verified), {
        "impact-version": verified.version - 1, "impact-dead": "5", "impact-injured": "0",
        "impact-displaced": "0", "impact-children_involved": "0"})
    assert response.status_code == 409
    assert "Someone else changed this case" in response.content.decode()
    assert Impact.objects.get(case=verified).dead == 1


def test_sibling_office_gets_404_and_analyst_403_without_forms(verified, make_user, login):
    sibling = login(make_user("sibling", "kepala"))
    for name in ("case-impact", "case-action-add", "case-task-add", "case-agreement-add",
                 "case-referral-add"):
        assert sibling.post(url(name, verified), {}).status_code == 404, name
    analyst = login(make_user("own", "analis"))
    html = analyst.get(url("case-detail", verified)).content.decode()
    for name in ("case-impact", "case-action-add", "case-task-add", "case-referral-add",
                 "case-party-create", "case-registry-add", "case-related-add"):
        assert url(name, verified) not in html, name
    for name in ("case-impact", "case-action-add", "case-task-add", "case-referral-add"):
        assert analyst.post(url(name, verified), {}).status_code == 403, name
    assert not Task.objects.exists() and not HandlingAction.objects.exists()


# --------------------------------------------------------------------------- actions


def action_data(case, **overrides):
    data = {"handling-version": case.version, "handling-type": "mediasi",
            "handling-date": TODAY().isoformat(), "handling-place": "Balai RW 03",
            "handling-outcome": "Kedua pihak sepakat bertemu lagi."}
    data.update(overrides)
    return data


def test_first_action_starts_handling_and_says_so(verified, kepala, login):
    party = linked_party(verified, kepala)
    client = login(kepala)
    response = client.post(url("case-action-add", verified),
                           action_data(verified, **{"handling-participants": [party.pk]}))
    assert response.status_code == 302 and response.url.endswith("#handling-actions")
    action = HandlingAction.objects.get(case=verified)
    assert list(action.participant_parties.all()) == [party]
    verified.refresh_from_db()
    assert verified.status == Status.DITANGANI
    html = client.get(response.url).content.decode()
    assert "Handling has started" in html
    assert "Mediation on" in html and "handling started" in html  # timeline sentence


def test_action_with_bad_input_is_refused(verified, kepala, login):
    tomorrow = (TODAY() + timedelta(days=1)).isoformat()
    response = login(kepala).post(url("case-action-add", verified), action_data(
        verified, **{"handling-date": tomorrow, "handling-outcome": "  ",
                     "handling-place": "Masjid Raya"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_handling-outcome"' in html and 'href="#id_handling-date"' in html
    assert 'value="Masjid Raya"' in html
    assert not HandlingAction.objects.exists()
    verified.refresh_from_db()
    assert verified.status == Status.TERVERIFIKASI


def test_action_on_an_unverified_case_is_a_message_not_a_change(make_case, kepala, login):
    case = make_case()
    client = login(kepala)
    response = client.post(url("case-action-add", case), action_data(case))
    assert response.status_code == 302
    assert "Verify the report before" in client.get(response.url).content.decode()
    assert not HandlingAction.objects.exists()


# --------------------------------------------------------------------------- tasks


def test_task_for_an_office_then_done(handled, kepala, login):
    client = login(kepala)
    due = (TODAY() + timedelta(days=3)).isoformat()
    response = client.post(url("case-task-add", handled), {
        "task-title": "Undang kedua pihak", "task-assignee": "unit:327301",
        "task-due_date": due})
    assert response.status_code == 302 and response.url.endswith("#tasks")
    task = Task.objects.get(case=handled)
    assert task.assignee_unit.code == "327301" and task.assignee_user is None
    response = client.post(url("case-task-complete", handled, task.pk),
                           {f"task-{task.pk}-done-note": "Sudah diundang"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert events(handled, EventKind.TASK) == 2


def test_task_for_a_person_and_cancel_needs_a_reason(handled, kepala, make_user, login):
    penangan = make_user("own", "penangan")
    client = login(kepala)
    page = client.get(url("case-detail", handled)).content.decode()
    assert f'value="user:{penangan.pk}"' in page  # people of the office are offered
    client.post(url("case-task-add", handled), {
        "task-title": "Kunjungan", "task-assignee": f"user:{penangan.pk}",
        "task-due_date": TODAY().isoformat()})
    task = Task.objects.get(assignee_user=penangan)
    response = client.post(url("case-task-cancel", handled, task.pk),
                           {f"task-{task.pk}-cancel-reason": ""})
    assert response.status_code == 400
    assert f'href="#id_task-{task.pk}-cancel-reason"' in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_task_with_a_past_due_date_or_no_assignee_is_refused(handled, kepala, login):
    response = login(kepala).post(url("case-task-add", handled), {
        "task-title": "Terlambat", "task-assignee": "",
        "task-due_date": (TODAY() - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_task-assignee"' in html and 'value="Terlambat"' in html
    assert not Task.objects.exists()


def test_overdue_task_is_badged_and_first_in_my_tasks(handled, kepala, make_user, login):
    penangan = make_user("own", "penangan")
    later = handling.create_task(actor=kepala, case=handled, title="Nanti",
                                 due_date=TODAY() + timedelta(days=5), assignee_user=penangan)
    soon = handling.create_task(actor=kepala, case=handled, title="Segera",
                                due_date=TODAY(), assignee_user=penangan)
    # A task whose date has passed (created earlier; the service refuses past dates).
    Task.objects.filter(pk=soon.pk).update(due_date=TODAY() - timedelta(days=2))
    client = login(penangan)
    home = client.get(reverse("home"))
    assert [t.title for t in home.context["tasks"]] == ["Segera", "Nanti"]
    html = home.content.decode()
    assert "My tasks" in html
    assert f'{url("case-detail", handled)}#task-{soon.pk}' in html
    assert html.index("Segera") < html.index("Nanti")
    detail = client.get(url("case-detail", handled)).content.decode()
    overdue_item = detail.split(f'id="task-{soon.pk}"')[1].split("</li>")[0]
    assert "Overdue" in overdue_item
    assert "Overdue" not in detail.split(f'id="task-{later.pk}"')[1].split("</li>")[0]


def test_assignee_may_complete_their_task_but_not_cancel_it(handled, kepala, make_user,
                                                             login):
    penangan = make_user("child", "penangan")  # KUA below the handling office
    task = handling.create_task(actor=kepala, case=handled, title="Cek lokasi",
                                due_date=TODAY(), assignee_unit="327301")
    client = login(penangan)
    assert client.post(url("case-task-cancel", handled, task.pk),
                       {f"task-{task.pk}-cancel-reason": "x"}).status_code == 403
    assert client.post(url("case-task-complete", handled, task.pk), {}).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


# --------------------------------------------------------------------------- agreements


def test_agreement_is_recorded_with_follow_ups(handled, kepala, login):
    a = linked_party(handled, kepala, "Warga RT 03")
    b = linked_party(handled, kepala, "Pengurus Musala")
    later = (TODAY() + timedelta(days=30)).isoformat()
    response = login(kepala).post(url("case-agreement-add", handled), {
        "agreement-parties": [a.pk, b.pk], "agreement-terms": "1. Renovasi ditunda.",
        "agreement-signed_on": TODAY().isoformat(), "agreement-follow_up_1": later})
    assert response.status_code == 302 and response.url.endswith("#agreements")
    agreement = Agreement.objects.get(case=handled)
    assert set(agreement.parties.all()) == {a, b}
    assert [f.due_on.isoformat() for f in agreement.follow_ups.all()] == [later]
    assert events(handled, EventKind.AGREEMENT) == 1


def test_agreement_without_parties_or_terms_is_refused(handled, kepala, login):
    linked_party(handled, kepala)
    response = login(kepala).post(url("case-agreement-add", handled), {
        "agreement-terms": "", "agreement-signed_on": TODAY().isoformat()})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_agreement-parties"' in html and 'href="#id_agreement-terms"' in html
    assert not Agreement.objects.exists()


def test_breach_on_a_resolved_case_reopens_it_and_says_so(handled, kepala, make_user, login):
    a = linked_party(handled, kepala)
    agreement = handling.record_agreement(actor=kepala, case=handled, parties=[a],
                                          terms="Damai", signed_on=TODAY())
    resolved = case_services.perform_transition(actor=kepala, case=handled, action="resolve",
                                                outcome="damai", reason="Sepakat")
    penangan = login(make_user("own", "penangan"))
    page = penangan.get(url("case-detail", resolved)).content.decode()
    assert "Recording the breach reopens the case" in page
    field = f"agr-{agreement.pk}-breach-reason"
    # Reopening is the head's decision: a handler is refused and nothing changes.
    assert penangan.post(url("case-agreement-breached", resolved, agreement.pk),
                         {field: "Pagar dibongkar"}).status_code == 403
    agreement.refresh_from_db()
    assert agreement.status == "active"
    client = login(kepala)
    response = client.post(url("case-agreement-breached", resolved, agreement.pk),
                           {field: "Pagar dibongkar lagi"})
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == Status.DITANGANI
    html = client.get(response.url).content.decode()
    assert "The case is reopened" in html and "Pagar dibongkar lagi" in html


def test_agreement_kept(handled, kepala, login):
    a = linked_party(handled, kepala)
    agreement = handling.record_agreement(actor=kepala, case=handled, parties=[a],
                                          terms="Damai", signed_on=TODAY())
    response = login(kepala).post(url("case-agreement-kept", handled, agreement.pk), {})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "kept"


# --------------------------------------------------------------------------- referrals


def test_referral_is_recorded_then_answered(handled, kepala, login):
    client = login(kepala)
    response = client.post(url("case-referral-add", handled), {
        "referral-agency": "polri", "referral-agency_name": "Polrestabes Bandung",
        "referral-referred_on": TODAY().isoformat(), "referral-reference_number": "B/12/VI"})
    assert response.status_code == 302 and response.url.endswith("#referrals")
    referral = Referral.objects.get(case=handled)
    prefix = f"referral-{referral.pk}"
    # "Answered" without the answer: refused, nothing changed.
    response = client.post(url("case-referral-update", handled, referral.pk), {
        f"{prefix}-version": handled.version + 1, f"{prefix}-status": "answered"})
    handled.refresh_from_db()
    response = client.post(url("case-referral-update", handled, referral.pk), {
        f"{prefix}-version": handled.version, f"{prefix}-status": "answered",
        f"{prefix}-reference_number": "B/12/VI"})
    assert response.status_code == 400
    assert f'href="#id_{prefix}-response"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "sent"
    response = client.post(url("case-referral-update", handled, referral.pk), {
        f"{prefix}-version": handled.version, f"{prefix}-status": "answered",
        f"{prefix}-reference_number": "B/12/VI", f"{prefix}-response": "Diproses Reskrim"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.response) == ("answered", "Diproses Reskrim")
    assert events(handled, EventKind.REFERRAL) == 2


def test_referral_to_other_needs_the_agency_name(handled, kepala, login):
    response = login(kepala).post(url("case-referral-add", handled), {
        "referral-agency": "lainnya", "referral-referred_on": TODAY().isoformat()})
    assert response.status_code == 400
    assert 'href="#id_referral-agency_name"' in response.content.decode()
    assert not Referral.objects.exists()
