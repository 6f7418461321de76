"""Every status × every action of the workflow table, applied by a head of the
handling unit (a head of its parent for take_over): either the table's move with
exactly one timeline entry, or a refusal that changes nothing."""

import pytest

from selaras.cases.models import CaseEvent, EventKind, Status
from selaras.cases.workflow import TRANSITIONS
from selaras.core.errors import ActionNotAllowed

from .conftest import apply, snapshot

# DESIGN §2's lifecycle, written out independently of workflow.py.
ACTIVE = {"dilaporkan", "terverifikasi", "ditangani", "pemantauan"}
DESIGN_LIFECYCLE = {
    # action: (sources, target status or None when the unit moves instead)
    "verify": ({"dilaporkan"}, "terverifikasi"),
    "reject": ({"dilaporkan"}, "ditolak"),
    "start": ({"terverifikasi"}, "ditangani"),
    "resolve": ({"ditangani"}, "selesai"),
    "monitor": ({"selesai"}, "pemantauan"),
    "close": ({"selesai", "pemantauan"}, "ditutup"),
    "reopen": ({"selesai", "pemantauan", "ditutup"}, "ditangani"),
    "escalate": (ACTIVE, None),
    "delegate": (ACTIVE, None),
    "take_over": (ACTIVE, None),
    # A duplicate past intake is merged into its original (DESIGN §2: "duplicate│merged").
    "merge": ({"terverifikasi", "ditangani", "pemantauan"}, "ditolak"),
}
# Where the handling unit goes (the case is handled by Kankemenag 3273).
UNIT_AFTER = {"escalate": "32", "delegate": "327301", "take_over": "32"}
TARGET_ARGS = {"delegate": {"target_unit": "327301"}}


def test_table_matches_design_lifecycle():
    assert set(TRANSITIONS) == set(DESIGN_LIFECYCLE)
    for action, (sources, target) in DESIGN_LIFECYCLE.items():
        assert set(TRANSITIONS[action].sources) == sources, action
        assert TRANSITIONS[action].target == target, action


# Rows applied by their own service (merge: tests/cases/test_merge_*.py) are left out.
PLAIN_ACTIONS = [a for a, t in TRANSITIONS.items() if not t.extra.get("service")]


@pytest.mark.parametrize("action", PLAIN_ACTIONS)
@pytest.mark.parametrize("status", Status.values)
def test_action_from_status(status, action, make_case, make_user, advance):
    own_kepala = make_user("own", "kepala")
    actor = make_user("kanwil", "kepala") if action == "take_over" else own_kepala
    case = advance(make_case(), status, own_kepala)
    assert case.handling_unit.code == "3273"
    transition = TRANSITIONS[action]
    before = snapshot(case)

    if status not in transition.sources:
        with pytest.raises(ActionNotAllowed):
            apply(actor, case, action, **TARGET_ARGS.get(action, {}))
        assert snapshot(case) == before
        return

    result = apply(actor, case, action, **TARGET_ARGS.get(action, {}))
    result.refresh_from_db()
    expected_status = transition.target or status
    expected_unit = UNIT_AFTER.get(action, "3273")
    assert result.status == expected_status
    assert result.handling_unit.code == expected_unit
    assert result.version == before["version"] + 1

    new_events = CaseEvent.objects.filter(case=case).order_by("id")[before["events"]:]
    assert len(new_events) == 1
    event = new_events[0]
    assert event.kind == EventKind.TRANSITION
    assert event.action == action
    assert event.actor == actor
    assert (event.from_status, event.to_status) == (status, expected_status)
    assert (event.from_unit.code, event.to_unit.code) == ("3273", expected_unit)
    assert event.reason == f"alasan {action}"
    # Nothing else was written anywhere.
    assert CaseEvent.objects.count() == before["all_events"] + 1
