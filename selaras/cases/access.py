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

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.signals import post_delete, post_save

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


def _scope_ids(user, paths: set[str]) -> tuple[list[int], list[int]]:
    """The ids of the units below ``paths`` and of the cases named to ``user``.

    One query (a UNION ALL of the two lists), run each time a read path is built, so
    the lists are never staler than the old EXISTS / joined LIKE they replace.
    """
    from django.db.models import IntegerField, Value

    from selaras.org.models import Unit

    from .models import CaseAccess

    below = Q(pk__in=[])
    for path in sorted(paths):
        below |= Q(path__startswith=path)
    units = (Unit.objects.filter(below).order_by()
             .annotate(kind=Value(0, output_field=IntegerField())).values_list("pk", "kind"))
    named = (CaseAccess.objects.filter(user=user).order_by()
             .annotate(kind=Value(1, output_field=IntegerField()))
             .values_list("case_id", "kind"))
    unit_ids: list[int] = []
    case_ids: list[int] = []
    for pk, kind in units.union(named, all=True).order_by():
        (case_ids if kind else unit_ids).append(pk)
    return sorted(unit_ids), sorted(case_ids)


@dataclass(frozen=True)
class ViewScope:
    """What a scoped (non-Pusat) user sees, as literal lists: the cases located in the
    area that are not confidential, the cases handled by one of ``unit_ids`` (the user's
    units and every unit below them), and the cases named to the user."""

    located: Q
    unit_ids: tuple[int, ...]
    named_ids: tuple[int, ...]

    def in_area(self) -> Q:
        return self.located & Q(confidential=False)

    def q(self) -> Q:
        visible = self.in_area() | Q(handling_unit_id__in=self.unit_ids)
        if self.named_ids:
            # Named members (CaseAccess) see the case even beyond their unit's area:
            # that is what naming someone is for.
            visible |= Q(pk__in=self.named_ids)
        return visible

    def disjoint_parts(self) -> list[Q]:
        """The same set cut into pieces that do not overlap (their counts add up), each
        of which PostgreSQL can count from one index: in the area; handled below but
        not in the area's visible part; named but neither of the others."""
        handled = Q(handling_unit_id__in=self.unit_ids)
        parts = [self.in_area(), handled & ~self.in_area()]
        if self.named_ids:
            parts.append(Q(pk__in=self.named_ids) & ~self.in_area() & ~handled)
        return parts


# Bumped whenever a unit or a named access is saved or deleted in this process: a scope
# kept on a user object (for the rest of its request) is then read again.
_scope_generation = [0]


def _scope_changed(**_kwargs) -> None:
    _scope_generation[0] += 1


post_save.connect(_scope_changed, sender="cases.CaseAccess", dispatch_uid="scope_ca_save")
post_delete.connect(_scope_changed, sender="cases.CaseAccess", dispatch_uid="scope_ca_del")
post_save.connect(_scope_changed, sender="org.Unit", dispatch_uid="scope_unit_save")
post_delete.connect(_scope_changed, sender="org.Unit", dispatch_uid="scope_unit_del")


def view_scope(user) -> ViewScope | None | bool:
    """The read path's pieces for ``user``: None = nothing, True = everything (Pusat),
    else a ``ViewScope`` (one query for the unit and named-case ids).

    Kept on the user object like its grants (``grants_for``), so a page that reads
    several cases asks once; read again when the grants are recomputed or a unit or
    named access changed in this process (another process's change is seen by the next
    request, whose user object is new).
    """
    grants = [g for g in grants_for(user) if g.role in VIEW_ROLES]
    if not grants:
        return None
    if any(g.area_prefixes is None for g in grants):
        return True
    all_grants, generation = grants_for(user), _scope_generation[0]
    cached = getattr(user, "_selaras_case_scope", None)
    if cached is not None and cached[0] is all_grants and cached[1] == generation:
        return cached[2]
    unit_ids, named_ids = _scope_ids(user, {g.unit_path for g in grants})
    located = Q(pk__in=[])
    for grant in grants:
        located |= _area_q(grant)
    scope = ViewScope(located, tuple(unit_ids), tuple(named_ids))
    user._selaras_case_scope = (all_grants, generation, scope)
    return scope


class CaseAccessPolicy:
    """The read path as literal lists (issue #8, docs/benchmarks.md).

    "Handled by a unit below mine" is ``handling_unit_id IN (ids of my subtree)`` and
    "named to me" is ``id IN (ids of my CaseAccess rows)`` rather than a LIKE on the
    joined unit tree and an EXISTS: PostgreSQL cannot serve an OR of those from
    indexes, and at a million cases every Kanwil and KUA list read the whole table.
    The set is the same (``tests/cases/test_restrict_literal.py`` compares it with the
    old form for every role); it is evaluated when ``restrict`` is called, at the cost
    of one small query.
    """

    def q_for(self, user, action: str) -> Q | None:
        roles = roles_for(action)
        if action == "view":
            scope = view_scope(user)
            if scope is None:
                return None
            return Q() if scope is True else scope.q()
        grants = [g for g in grants_for(user) if g.role in roles]
        if not grants:
            return None
        paths = {g.unit_path for g in grants}
        if action in ABOVE_ONLY_ACTIONS:
            return _handled_below_q(paths, strictly=True)
        if any(g.area_prefixes is None for g in grants):
            # Pusat: every unit is below it.
            return Q()
        return _handled_below_q(paths)


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
