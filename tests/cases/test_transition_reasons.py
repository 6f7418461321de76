"""A reason is required wherever DESIGN says so; without it nothing changes."""

import pytest

from selaras.cases.workflow import TRANSITIONS
from selaras.core.errors import ValidationError

from .conftest import EXTRA_ARGS, snapshot

# DESIGN §2: "every action states a reason where it changes responsibility or ends
# the case" — escalate/delegate/take_over move responsibility; reject, resolve and
# close end it; reopen undoes an end.
NEEDS_REASON = {"reject", "escalate", "delegate", "take_over", "resolve", "close", "reopen",
                "merge"}
# The status each action is tried from, and who applies it.
FROM_STATUS = {
    "verify": "dilaporkan", "reject": "dilaporkan", "start": "terverifikasi",
    "escalate": "ditangani", "delegate": "ditangani", "take_over": "ditangani",
    "resolve": "ditangani", "monitor": "selesai", "close": "selesai", "reopen": "ditutup",
    "merge": "ditangani",
}


def test_table_requires_reason_where_design_says():
    assert {a for a, t in TRANSITIONS.items() if t.requires_reason} == NEEDS_REASON


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_missing_reason_is_refused_and_changes_nothing(
    action, reason, make_case, make_user, advance
):
    from selaras.cases import services

    own = make_user("own", "kepala")
    actor = make_user("kanwil", "kepala") if action == "take_over" else own
    case = advance(make_case(), FROM_STATUS[action], own)
    before = snapshot(case)
    extra = dict(EXTRA_ARGS.get(action, {}))
    if action == "delegate":
        extra["target_unit"] = "327301"
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=actor, case=case, action=action, reason=reason,
                                    **extra)
    assert "reason" in exc.value.message_dict
    assert snapshot(case) == before


def test_oversized_reason_is_refused(make_case, make_user):
    from selaras.cases import services

    kepala = make_user("own", "kepala")
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=kepala, case=case, action="reject",
                                    reason="x" * 2001, reject_reason="hoaks")
    assert "reason" in exc.value.message_dict
    assert snapshot(case) == before


def test_unknown_action_is_a_validation_error(make_case, make_user):
    from selaras.cases import services

    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=make_user("own", "kepala"), case=case,
                                    action="archive", reason="x")
    assert "action" in exc.value.message_dict
    assert snapshot(case) == before
