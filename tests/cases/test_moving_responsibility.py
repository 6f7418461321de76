"""escalate goes up (default the parent), delegate goes down, a higher unit may
take a case over; the directorate has nowhere higher to go."""

import pytest

from selaras.cases import services
from selaras.cases.models import Status
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError

from .conftest import apply, snapshot


@pytest.fixture
def own_kepala(make_user):
    return make_user("own", "kepala")


def test_escalate_defaults_to_the_parent(make_case, own_kepala):
    case = apply(own_kepala, make_case(), "escalate")
    assert case.handling_unit.code == "32"
    assert case.status == Status.DILAPORKAN


@pytest.mark.parametrize("target", ["32", "pusat"])
def test_escalate_to_any_ancestor(target, make_case, own_kepala, unit):
    case = apply(own_kepala, make_case(), "escalate", target_unit=target)
    assert case.handling_unit.code == target
    # A Unit instance works as well as a code.
    other = apply(own_kepala, make_case(), "escalate", target_unit=unit(target))
    assert other.handling_unit.code == target


@pytest.mark.parametrize("target", ["3204", "327301", "3273", "31", "9999", "nonsense"])
def test_escalate_elsewhere_is_refused(target, make_case, own_kepala):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        apply(own_kepala, case, "escalate", target_unit=target)
    assert "target_unit" in exc.value.message_dict
    assert snapshot(case) == before


def test_delegate_to_a_child(make_case, own_kepala):
    case = apply(own_kepala, make_case(), "delegate", target_unit="327302")
    assert case.handling_unit.code == "327302"


def test_delegate_from_the_kanwil_to_a_grandchild(make_case, make_user):
    case = make_case(alert_level=3)
    assert case.handling_unit.code == "32"
    case = apply(make_user("kanwil", "kepala"), case, "delegate", target_unit="327301")
    assert case.handling_unit.code == "327301"


@pytest.mark.parametrize("target", [None, "", "32", "pusat", "3204", "320401", "3273"])
def test_delegate_elsewhere_is_refused(target, make_case, own_kepala):
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        apply(own_kepala, case, "delegate", target_unit=target)
    assert "target_unit" in exc.value.message_dict
    assert snapshot(case) == before


def test_delegate_to_an_inactive_unit_is_refused(make_case, own_kepala, unit):
    kua = unit("child")
    kua.is_active = False
    kua.save()
    case = make_case()
    with pytest.raises(ValidationError):
        apply(own_kepala, case, "delegate", target_unit=kua)
    assert snapshot(case)["unit"] == unit("own").pk


@pytest.mark.parametrize("taker, expected", [("kanwil", "32"), ("pusat", "pusat")])
def test_take_over_by_an_ancestor_moves_the_case_there(taker, expected, make_case,
                                                        make_user, advance, own_kepala):
    case = advance(make_case(), "ditangani", own_kepala)
    case = apply(make_user(taker, "kepala"), case, "take_over")
    assert case.handling_unit.code == expected
    assert case.status == Status.DITANGANI


@pytest.mark.parametrize("who", ["own", "child", "sibling", "other_province"])
def test_take_over_by_a_non_ancestor_is_refused(who, make_case, make_user):
    case = make_case()
    before = snapshot(case)
    with pytest.raises((PermissionDenied, ActionNotAllowed)):
        apply(make_user(who, "kepala"), case, "take_over")
    assert snapshot(case) == before


def test_take_over_by_own_head_is_a_permission_refusal(make_case, own_kepala):
    # The head of the handling unit is not "a higher unit" (DESIGN §2).
    with pytest.raises(PermissionDenied):
        apply(own_kepala, make_case(), "take_over")


def test_directorate_cannot_escalate(make_case, make_user, pusat_kepala):
    case = apply(pusat_kepala, make_case(), "take_over")
    assert case.handling_unit.code == "pusat"
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        apply(pusat_kepala, case, "escalate")
    assert snapshot(case) == before
    actions = [t.action for t in services.available_transitions(pusat_kepala, case)]
    assert "escalate" not in actions
    assert "take_over" not in actions


def test_escalate_skips_an_inactive_parent(make_case, unit, make_user):
    case = make_case(alert_level=1)
    assert case.handling_unit.code == "327301"
    kankemenag = unit("own")
    kankemenag.is_active = False
    kankemenag.save()
    case = apply(make_user("child", "kepala"), case, "escalate")
    assert case.handling_unit.code == "32"
