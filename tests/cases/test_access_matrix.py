"""The permission matrix: role × where the membership sits × every action.

The case is located in a village of KUA 327301 (Sukasari) and handled by its
parent, Kankemenag 3273 (Kota Bandung). Expectations are written from DESIGN §2
here, independently of access.py, so the test fails if the policy drifts.
"""

import pytest
from django.http import Http404

from selaras.cases import access, selectors, services
from selaras.cases.workflow import TRANSITIONS
from selaras.core.errors import PermissionDenied

from .conftest import EXTRA_ARGS, snapshot

ROLES = ["pelapor", "penangan", "kepala", "analis", "admin", "auditor"]
PLACES = {
    "own": "3273",  # the handling unit
    "child": "327301",  # KUA of the district where the case is located
    "sibling": "3204",
    "parent": "32",  # Kanwil Jawa Barat
    "pusat": "pusat",
    "other_province": "31",
}
WORKFLOW_ACTIONS = [
    "verify", "reject", "start", "escalate", "delegate", "take_over",
    "resolve", "monitor", "close", "reopen", "merge",
]
ACTIONS = ["view", "change", "add_note", *WORKFLOW_ACTIONS]

# DESIGN §2, Access: what each role does (besides seeing).
ROLE_ACTIONS = {
    "pelapor": {"add_note"},
    "penangan": {"change", "add_note", "start", "monitor"},
    "kepala": {"change", "add_note", "start", "monitor", "verify", "reject", "escalate",
               "delegate", "take_over", "resolve", "close", "reopen", "merge"},
    "analis": set(),
    "admin": set(),  # manages users of its subtree, sees no cases (least privilege)
    "auditor": set(),
}
SEEING_ROLES = {"pelapor", "penangan", "kepala", "analis", "auditor"}
# A membership sees cases located in its area or handled in its subtree; Pusat all.
SEEING_PLACES = {"own", "child", "parent", "pusat"}
# Acting needs the handling unit or an ancestor of it; taking over needs a higher unit.
ACTING_PLACES = {"own", "parent", "pusat"}
TAKING_OVER_PLACES = {"parent", "pusat"}


def expected(role: str, place: str, action: str) -> bool:
    if action == "view":
        return role in SEEING_ROLES and place in SEEING_PLACES
    places = TAKING_OVER_PLACES if action == "take_over" else ACTING_PLACES
    return action in ROLE_ACTIONS[role] and place in places


def test_every_workflow_action_is_in_the_matrix():
    assert set(WORKFLOW_ACTIONS) == set(TRANSITIONS)


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, place, make_case, make_user):
    case = make_case()
    assert (case.handling_unit.code, case.district_code) == ("3273", "327301")
    user = make_user(PLACES[place], role)

    from selaras.cases.models import Case

    wrong = {}
    for action in ACTIONS:
        want = expected(role, place, action)
        via_can = access.can(user, action, case)
        via_restrict = Case.objects.restrict(user, action).filter(pk=case.pk).exists()
        if (via_can, via_restrict) != (want, want):
            wrong[action] = {"expected": want, "can": via_can, "restrict": via_restrict}
    assert wrong == {}


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("role", ROLES)
def test_services_enforce_the_matrix(role, place, make_case, make_user):
    """Whatever the UI shows, the services refuse what the matrix forbids."""
    case = make_case()
    user = make_user(PLACES[place], role)
    before = snapshot(case)

    if not expected(role, place, "view"):
        with pytest.raises(Http404):
            selectors.get_case(user, case.number)
        assert not selectors.case_list(user).filter(pk=case.pk).exists()
    else:
        assert selectors.get_case(user, case.number).pk == case.pk

    if not expected(role, place, "add_note"):
        with pytest.raises(PermissionDenied):
            services.add_note(actor=user, case=case, body="Catatan")
    if not expected(role, place, "change"):
        with pytest.raises(PermissionDenied):
            services.update_case(actor=user, case=case, changes={"title": "Judul baru"})
    possible_now = [a for a in WORKFLOW_ACTIONS if "dilaporkan" in TRANSITIONS[a].sources]
    for action in possible_now:
        if not expected(role, place, action):
            with pytest.raises(PermissionDenied):
                services.perform_transition(
                    actor=user, case=case, action=action, reason="x",
                    **EXTRA_ARGS.get(action, {}),
                )
    assert snapshot(case) == before

    offered = {t.action for t in services.available_transitions(user, case)}
    assert offered == {a for a in possible_now if expected(role, place, a)}
