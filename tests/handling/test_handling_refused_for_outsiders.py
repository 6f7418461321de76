"""Every handling service refuses users who may not handle the case, and writes nothing."""

import pytest
from django.utils import timezone

from selaras.cases.models import CaseEvent
from selaras.core.errors import PermissionDenied
from selaras.handling import services
from selaras.handling.models import Agreement, HandlingAction, Impact, Referral, Task


def _today():
    return timezone.localdate()


CALLS = {
    "set_impact": lambda actor, case, ctx: services.set_impact(actor=actor, case=case, dead=1),
    "record_action": lambda actor, case, ctx: services.record_action(
        actor=actor, case=case, type="dialog", date=_today(), outcome="Dialog"),
    "create_task": lambda actor, case, ctx: services.create_task(
        actor=actor, case=case, title="Cek lokasi", due_date=_today(),
        assignee_user=ctx["penangan"]),
    "cancel_task": lambda actor, case, ctx: services.cancel_task(
        actor=actor, task=ctx["task"], reason="Tidak perlu"),
    "complete_task": lambda actor, case, ctx: services.complete_task(actor=actor,
                                                                     task=ctx["task"]),
    "record_agreement": lambda actor, case, ctx: services.record_agreement(
        actor=actor, case=case, parties=[ctx["party"]], terms="Damai", signed_on=_today()),
    "mark_agreement_kept": lambda actor, case, ctx: services.mark_agreement_kept(
        actor=actor, agreement=ctx["agreement"]),
    "mark_agreement_breached": lambda actor, case, ctx: services.mark_agreement_breached(
        actor=actor, agreement=ctx["agreement"], reason="Dilanggar"),
    "create_referral": lambda actor, case, ctx: services.create_referral(
        actor=actor, case=case, agency="polri", referred_on=_today()),
    "update_referral": lambda actor, case, ctx: services.update_referral(
        actor=actor, referral=ctx["referral"], status="acknowledged"),
}


@pytest.fixture
def ctx(handled_case, penangan, case_party):
    party = case_party(handled_case)
    return {
        "penangan": penangan,
        "party": party,
        "task": services.create_task(actor=penangan, case=handled_case, title="Rapat",
                                     due_date=_today(), assignee_user=penangan),
        "agreement": services.record_agreement(actor=penangan, case=handled_case,
                                               parties=[party], terms="Damai",
                                               signed_on=_today()),
        "referral": services.create_referral(actor=penangan, case=handled_case,
                                             agency="fkub", referred_on=_today()),
    }


def snapshot(case):
    return (
        CaseEvent.objects.filter(case=case).count(),
        Impact.objects.count(), HandlingAction.objects.count(),
        list(Task.objects.values_list("status", flat=True)),
        list(Agreement.objects.values_list("status", flat=True)),
        list(Referral.objects.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize(
    ("unit_key", "role"),
    [("sibling", "penangan"), ("sibling", "kepala"), ("own", "analis"), ("own", "pelapor"),
     ("child", "penangan")],
)
def test_refused_and_nothing_written(handled_case, ctx, make_user, service, unit_key, role):
    outsider = make_user(unit_key, role)
    before = snapshot(handled_case)
    with pytest.raises(PermissionDenied):
        CALLS[service](outsider, handled_case, ctx)
    assert snapshot(handled_case) == before


@pytest.mark.parametrize("service", sorted(CALLS))
def test_handlers_of_an_ancestor_unit_are_allowed(handled_case, ctx, make_user, service):
    kanwil = make_user("kanwil", "kepala")
    CALLS[service](kanwil, handled_case, ctx)
