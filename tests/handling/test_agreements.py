from datetime import timedelta

import pytest

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent, Status
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.handling import services
from selaras.handling.models import Agreement, AgreementStatus


def agreement_events(case):
    return list(CaseEvent.objects.filter(case=case, kind="agreement").order_by("id"))


@pytest.fixture
def two_parties(handled_case, case_party):
    return [case_party(handled_case, name="Pengurus Musala", role="pengadu"),
            case_party(handled_case, name="Warga RT 03", role="teradu")]


@pytest.fixture
def agreement(handled_case, penangan, two_parties, yesterday):
    return services.record_agreement(actor=penangan, case=handled_case, parties=two_parties,
                                     terms="Renovasi dilanjutkan setelah musyawarah RT.",
                                     signed_on=yesterday)


def test_recording_an_agreement_with_follow_ups(handled_case, penangan, two_parties, yesterday,
                                                next_week):
    later = next_week + timedelta(days=30)
    agreement = services.record_agreement(
        actor=penangan, case=handled_case, parties=[p.pk for p in two_parties],
        terms="Renovasi dilanjutkan.", signed_on=yesterday,
        follow_up_dates=[later.isoformat(), next_week, next_week],
    )
    assert agreement.status == AgreementStatus.ACTIVE
    assert set(agreement.parties.all()) == set(two_parties)
    assert [f.due_on for f in agreement.follow_ups.all()] == [next_week, later]
    [event] = agreement_events(handled_case)
    assert event.action == "recorded"
    assert event.data["follow_up_dates"] == [next_week.isoformat(), later.isoformat()]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"parties": []}, "parties"), ({"terms": ""}, "terms"),
     ({"signed_on": "2999-01-01"}, "signed_on"),
     ({"follow_up_dates": ["2020-01-01"]}, "follow_up_dates"),
     ({"follow_up_dates": ["bulan depan"]}, "follow_up_dates")],
)
def test_bad_agreement_input_is_refused_and_nothing_written(handled_case, penangan, two_parties,
                                                            yesterday, overrides, field):
    fields = {"parties": two_parties, "terms": "Damai", "signed_on": yesterday}
    fields.update(overrides)
    with pytest.raises(ValidationError) as exc:
        services.record_agreement(actor=penangan, case=handled_case, **fields)
    assert field in exc.value.message_dict
    assert not Agreement.objects.exists() and agreement_events(handled_case) == []


def test_no_agreement_before_handling_has_started(verified_case, penangan, case_party,
                                                  yesterday):
    party = case_party(verified_case)
    with pytest.raises(ActionNotAllowed):
        services.record_agreement(actor=penangan, case=verified_case, parties=[party],
                                  terms="Damai", signed_on=yesterday)


def test_kept(agreement, penangan, handled_case):
    services.mark_agreement_kept(actor=penangan, agreement=agreement, note="Dicek 1 bulan")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.KEPT
    assert agreement_events(handled_case)[-1].action == "kept"
    with pytest.raises(ActionNotAllowed):
        services.mark_agreement_kept(actor=penangan, agreement=agreement)


def test_breach_while_in_handling_changes_no_status(agreement, penangan, handled_case):
    services.mark_agreement_breached(actor=penangan, agreement=agreement,
                                     reason="Renovasi dihentikan paksa")
    handled_case.refresh_from_db()
    assert handled_case.status == Status.DITANGANI
    event = agreement_events(handled_case)[-1]
    assert (event.action, event.reason) == ("breached", "Renovasi dihentikan paksa")
    assert event.data["reopens_case"] is False


@pytest.mark.parametrize("then", [[], ["monitor"], ["close"]])
def test_breach_reopens_a_resolved_case_with_its_reason(agreement, handled_case, kepala,
                                                        resolve, then):
    case = resolve(handled_case, kepala)
    for action in then:
        case = case_services.perform_transition(actor=kepala, case=case, action=action,
                                                reason="Aman")
    resolved_status = case.status
    agreement.refresh_from_db()
    services.mark_agreement_kept(actor=kepala, agreement=agreement)  # a kept one can still break
    agreement.refresh_from_db()
    services.mark_agreement_breached(actor=kepala, agreement=agreement,
                                     reason="Spanduk penolakan dipasang lagi")
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    assert case.outcome == ""
    reopen, breach = list(CaseEvent.objects.filter(case=case).order_by("-id")[:2])
    assert (breach.kind, breach.action) == ("agreement", "breached")
    assert (reopen.kind, reopen.action) == ("transition", "reopen")
    assert reopen.reason == "Spanduk penolakan dipasang lagi"
    assert (reopen.from_status, reopen.to_status) == (resolved_status, Status.DITANGANI)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.BREACHED


def test_a_handler_cannot_record_a_breach_that_would_reopen(agreement, handled_case, kepala,
                                                            penangan, resolve):
    case = resolve(handled_case, kepala)
    events_before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(PermissionDenied):
        services.mark_agreement_breached(actor=penangan, agreement=agreement,
                                         reason="Dilanggar")
    case.refresh_from_db()
    agreement.refresh_from_db()
    assert case.status == Status.SELESAI and agreement.status == AgreementStatus.ACTIVE
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_a_breach_needs_its_reason(agreement, kepala, handled_case, resolve):
    case = resolve(handled_case, kepala)
    with pytest.raises(ValidationError) as exc:
        services.mark_agreement_breached(actor=kepala, agreement=agreement, reason="  ")
    assert "reason" in exc.value.message_dict
    case.refresh_from_db()
    assert case.status == Status.SELESAI


def test_a_breach_is_recorded_once(agreement, penangan):
    services.mark_agreement_breached(actor=penangan, agreement=agreement, reason="Dilanggar")
    agreement.refresh_from_db()
    with pytest.raises(ActionNotAllowed):
        services.mark_agreement_breached(actor=penangan, agreement=agreement, reason="Lagi")
