"""Helpers for case tests: bring a case to any status through the services."""

import pytest

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent

# The shortest way through the lifecycle to each status.
ROUTE_TO = {
    "dilaporkan": [],
    "terverifikasi": ["verify"],
    "ditangani": ["verify", "start"],
    "selesai": ["verify", "start", "resolve"],
    "pemantauan": ["verify", "start", "resolve", "monitor"],
    "ditutup": ["verify", "start", "resolve", "close"],
    "ditolak": ["reject"],
}

# Everything an action may need besides its reason.
EXTRA_ARGS = {
    "resolve": {"outcome": "damai"},
    "reject": {"reject_reason": "bukan_ksbk"},
}


def apply(actor, case, action, **kwargs):
    args = {"reason": f"alasan {action}", **EXTRA_ARGS.get(action, {}), **kwargs}
    return services.perform_transition(actor=actor, case=case, action=action, **args)


@pytest.fixture
def advance():
    def go(case: Case, status: str, actor) -> Case:
        for action in ROUTE_TO[status]:
            case = apply(actor, case, action)
        assert case.status == status
        return case

    return go


def snapshot(case: Case) -> dict:
    """What must not change when an action is refused."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "status": fresh.status,
        "unit": fresh.handling_unit_id,
        "version": fresh.version,
        "outcome": fresh.outcome,
        "reject_reason": fresh.reject_reason,
        "duplicate_of": fresh.duplicate_of_id,
        "events": CaseEvent.objects.filter(case=fresh).count(),
        "all_events": CaseEvent.objects.count(),
    }
