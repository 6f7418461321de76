"""Who may see and do what on cases — the policy behind ``Case.objects.restrict``.

* view: a membership sees the cases located in its unit's area (the regions its
  unit and the unit's descendants cover) and the cases its unit or a descendant
  handles; Pusat sees everything. The ``admin`` role manages users, not cases.
* confidential cases: only the handling unit, its ancestors and named members
  (a ``CaseAccess`` row lets a member with a case-viewing role see that one case,
  wherever their unit is; it does not let them act).
* any other action: the role must allow it and the membership's unit must be the
  handling unit or one of its ancestors.
"""

from django.db.models import Exists, OuterRef, Q

from selaras.org.jurisdiction import Grant, grants_for
from selaras.org.models import Role

from .workflow import TRANSITIONS

VIEW_ROLES = frozenset(
    {Role.PELAPOR, Role.PENANGAN, Role.KEPALA, Role.ANALIS, Role.AUDITOR}
)
CREATE_ROLES = frozenset({Role.PELAPOR, Role.PENANGAN, Role.KEPALA})

ACTION_ROLES: dict[str, frozenset[str]] = {
    "view": VIEW_ROLES,
    "change": frozenset({Role.PENANGAN, Role.KEPALA}),
    "add_note": frozenset({Role.PELAPOR, Role.PENANGAN, Role.KEPALA}),
    "grant_access": frozenset({Role.KEPALA}),
    **{action: t.roles for action, t in TRANSITIONS.items()},
}
# Roles that see personal data unmasked. Analysts and auditors see it masked.
PERSONAL_DATA_ROLES = frozenset({Role.PELAPOR, Role.PENANGAN, Role.KEPALA})

FIELD_BY_PREFIX_LENGTH = {
    2: "province_code", 4: "regency_code", 6: "district_code", 10: "location_id",
}


def roles_for(action: str) -> frozenset[str]:
    try:
        return ACTION_ROLES[action]
    except KeyError:
        raise ValueError(f"Unknown case action {action!r}") from None


def area_q(prefixes) -> Q:
    """Cases located under any of these region-code prefixes (None = everywhere)."""
    if prefixes is None:
        return Q()
    by_field: dict[str, list[str]] = {}
    for prefix in prefixes:
        field = FIELD_BY_PREFIX_LENGTH.get(len(prefix))
        if field:
            by_field.setdefault(field, []).append(prefix)
    q = Q(pk__in=[])
    for field, codes in sorted(by_field.items()):
        q |= Q(**{f"{field}__in": sorted(codes)})
    return q


def _area_q(grant: Grant) -> Q:
    return area_q(grant.area_prefixes or ())


def _handled_below_q(paths: set[str], *, strictly: bool = False) -> Q:
    q = Q(pk__in=[])
    for path in sorted(paths):
        below = Q(handling_unit__path__startswith=path)
        if strictly:
            below &= ~Q(handling_unit__path=path)
        q |= below
    return q


# Actions only a unit above the handling unit may take (DESIGN §2: "a higher unit
# may take a case over").
ABOVE_ONLY_ACTIONS = frozenset({"take_over"})


def _grant_may_act(grant: Grant, roles: frozenset[str], action: str, case) -> bool:
    if grant.role not in roles:
        return False
    path = case.handling_unit.path
    if not path.startswith(grant.unit_path):
        return False
    return not (action in ABOVE_ONLY_ACTIONS and path == grant.unit_path)


class CaseAccessPolicy:
    def q_for(self, user, action: str) -> Q | None:
        roles = roles_for(action)
        grants = [g for g in grants_for(user) if g.role in roles]
        if not grants:
            return None
        paths = {g.unit_path for g in grants}
        if action in ABOVE_ONLY_ACTIONS:
            return _handled_below_q(paths, strictly=True)
        if any(g.area_prefixes is None for g in grants):
            # Pusat: every unit is below it, every region inside it.
            return Q()
        handled_below = _handled_below_q(paths)
        if action != "view":
            return handled_below
        located = Q(pk__in=[])
        for grant in grants:
            located |= _area_q(grant)
        from .models import CaseAccess

        # Named members (CaseAccess) see the case even beyond their unit's area: that
        # is what naming someone is for.
        named = Exists(CaseAccess.objects.filter(case=OuterRef("pk"), user=user))
        return ((located & Q(confidential=False)) | handled_below | named)


def can(user, action: str, case) -> bool:
    """Whether ``user`` may perform ``action`` on this case.

    For actions other than ``view`` this is the same rule as ``q_for`` evaluated
    in memory (no query), for a case the caller has already fetched through
    ``restrict(user, "view")``.
    """
    if action == "view":
        from .models import Case

        return Case.objects.restrict(user, "view").filter(pk=case.pk).exists()
    roles = roles_for(action)
    return any(_grant_may_act(g, roles, action, case) for g in grants_for(user))


def sees_personal_data(user, case) -> bool:
    """Unmasked reporter identity: only for roles that handle or report cases."""
    roles = PERSONAL_DATA_ROLES
    return any(g.role in roles for g in grants_for(user)) and can_with_roles(user, case, roles)


def can_with_roles(user, case, roles: frozenset[str]) -> bool:
    grants = [g for g in grants_for(user) if g.role in roles]
    if not grants:
        return False
    for grant in grants:
        if grant.area_prefixes is None:
            return True
        if case.handling_unit.path.startswith(grant.unit_path):
            return True
        for prefix in grant.area_prefixes:
            if case.location_id.startswith(prefix):
                return True
    return False


def mask(value: str) -> str:
    if not value:
        return value
    return value[0] + "•" * 5 if len(value) > 1 else "•"
