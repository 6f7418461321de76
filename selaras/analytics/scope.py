"""Which cases a figure counts and which cases a figure may list — the privacy rule.

Every figure starts from ``Case.objects.restrict(user, "view")`` (the single read
path). Aggregates add one thing to it, deliberately: the confidential cases
located in the user's own area (the region-code prefixes of the user's
case-viewing memberships, ``grants_for``). A Kankemenag must know that its area
had 14 cases this month, not 12, even when two of them are confidential and
handled by the Kanwil — but it must not learn *which* ones. So:

* ``counted_cases(user)`` — for numbers (counts, charts, map clusters, hotspots,
  open data, recaps): ``restrict(user, "view")`` plus confidential cases in the
  user's area. Never more than the user's area and the cases the user may see.
* ``listed_cases(user)`` — for anything that names or links individual cases or
  parties (lists of incomplete or stale cases, recurring parties):
  exactly ``restrict(user, "view")``.

A link from a count to the case list (``/kasus/?…``) therefore may show fewer
cases than the count when confidential cases are involved; the dashboard says
so. Analysts (``analis``) get the same counts; the analytics pages show them no
personal data at all (no reporter, no party names, no chronology).
"""

from django.db.models import Q, QuerySet

from selaras.cases.access import FIELD_BY_PREFIX_LENGTH, VIEW_ROLES, area_q
from selaras.cases.models import Case
from selaras.org.jurisdiction import grants_for, minimal_prefixes, subtree_area_codes
from selaras.org.models import Role, Unit, UnitLevel

# Roles that see the recurring parties (issue #6 item 3: "for kepala and up").
PARTY_RECURRENCE_ROLES = frozenset({Role.KEPALA})


def user_area_prefixes(user) -> tuple[str, ...] | None:
    """Region prefixes of the user's case-viewing memberships; None = the whole country."""
    grants = [g for g in grants_for(user) if g.role in VIEW_ROLES]
    if any(g.area_prefixes is None for g in grants):
        return None
    return minimal_prefixes({p for g in grants for p in g.area_prefixes or ()})


def _view_grants(user):
    return [g for g in grants_for(user) if g.role in VIEW_ROLES]


def _cached(user, key: str, compute):
    """Per-request memo on the user object (a request has its own user instance)."""
    attr = f"_selaras_analytics_{key}"
    value = getattr(user, attr, None)
    if value is None:
        value = compute()
        setattr(user, attr, value)
    return value


def below_unit_ids(user) -> list[int]:
    """Ids of the units at or below the user's case-viewing memberships (one query)."""
    def compute():
        below = Q(pk__in=[])
        for path in sorted({g.unit_path for g in _view_grants(user)}):
            below |= Q(path__startswith=path)
        return sorted(Unit.objects.filter(below).values_list("pk", flat=True))
    return _cached(user, "below_units", compute)


def named_case_ids(user) -> list[int]:
    """Ids of the cases named to the user (CaseAccess; one query)."""
    from selaras.cases.models import CaseAccess

    return _cached(user, "named", lambda: sorted(
        CaseAccess.objects.filter(user=user).values_list("case_id", flat=True)))


def area_filter(prefixes) -> Q:
    """``access.area_q`` (cases located under these prefixes) with the province code
    written out for regency, district and village prefixes too. The extra condition is
    redundant (a case's codes are its location's prefixes, decision 0004), so the set is
    the same; it lets the province-leading covering indexes of migration 0006 serve
    a Kankemenag or KUA as well as a Kanwil."""
    if prefixes is None:
        return Q()
    by_field: dict[str, set[str]] = {}
    for prefix in prefixes:
        field = FIELD_BY_PREFIX_LENGTH.get(len(prefix))
        if field:
            by_field.setdefault(field, set()).add(prefix)
    q = Q(pk__in=[])
    for field, codes in sorted(by_field.items()):
        cond = Q(**{f"{field}__in": sorted(codes)})
        if field != "province_code":
            cond &= Q(province_code__in=sorted({c[:2] for c in codes}))
        q |= cond
    return q


def index_hint(user) -> Q | None:
    """A superset of everything the user can see or count, written as literal lists.

    ``restrict`` joins the unit tree (``handling_unit__path LIKE …``) and checks named
    access with EXISTS; PostgreSQL cannot use an index for such an OR and reads every
    case of the period. AND-ing this redundant superset — located in the area, OR
    handled by one of these unit ids, OR one of these named case ids — lets it combine
    the region, unit and primary-key indexes (BitmapOr) first. The result set is
    unchanged: every case ``restrict`` returns satisfies it. None = Pusat (no filter).
    """
    grants = _view_grants(user)
    if not grants or any(g.area_prefixes is None for g in grants):
        return None
    hint = area_q(user_area_prefixes(user)) | Q(handling_unit_id__in=below_unit_ids(user))
    named = named_case_ids(user)
    if named:
        hint |= Q(pk__in=named)
    return hint


def outside_area_ids(user) -> list[int]:
    """Counted cases located OUTSIDE the user's area: handled by one of the user's units
    (or below) or named to the user, yet located elsewhere — normally none or a few
    (a case moved to another office's area, a named confidential case). One query,
    index-only on ``analytics_case_unit_area`` for the unit branch."""
    def compute():
        area = area_filter(user_area_prefixes(user))
        handled = (Case.objects.filter(handling_unit_id__in=below_unit_ids(user))
                   .exclude(area).order_by().values_list("pk", flat=True))
        named = named_case_ids(user)
        if named:
            handled = handled.union(Case.objects.filter(pk__in=named).exclude(area)
                                    .order_by().values_list("pk", flat=True)).order_by()
        return sorted(set(handled))
    return _cached(user, "outside_area", compute)


def listed_cases(user) -> QuerySet:
    """Cases that may be named or linked: exactly the single read path."""
    visible = Case.objects.restrict(user, "view")
    hint = index_hint(user)
    return visible.filter(hint) if hint is not None else visible


def counted_cases(user) -> QuerySet:
    """Cases that may be counted: the read path plus confidential cases in the user's area.

    The read path is (located in the area AND not confidential) OR handled by a unit
    below OR named access; adding the area's confidential cases leaves: located in the
    area OR handled below OR named. That is written as two disjoint parts with literal
    lists (no join of the unit tree, no EXISTS): located in the area, OR one of the few
    counted cases located outside it (``outside_area_ids``). With no such case the
    query is "located in the area" alone, which PostgreSQL answers from the
    province-leading covering indexes (docs/benchmarks.md).
    ``tests/analytics/test_scopes.py`` checks it equals the union written out.

    The returned queryset carries ``analytics_parts``: the same set as a list of
    disjoint querysets (area, outside ids), which ``figures.compute_summary`` counts
    separately and adds up (UNION ALL) so that each part keeps its index-only plan.
    A queryset derived from it (``.filter``) does not carry the attribute — it is a
    different set — and is then counted as one.
    """
    prefixes = user_area_prefixes(user)
    if prefixes is None or not prefixes:
        # Pusat (restrict already returns everything), or no area at all.
        return Case.objects.restrict(user, "view")
    area = Case.objects.filter(area_filter(prefixes))
    outside = outside_area_ids(user)
    counted = Case.objects.filter(area_filter(prefixes) | Q(pk__in=outside))
    counted.analytics_parts = [area, Case.objects.filter(pk__in=outside)] if outside else [area]
    return counted


def hidden_cases(user) -> QuerySet | None:
    """Counted but not listed: confidential cases located in the user's area that are
    neither handled by the user's offices (or below) nor named to the user. That is
    ``counted_cases - listed_cases`` written as literal lists (index-friendly; the
    confidential cases have a partial index). None for Pusat, who lists everything."""
    prefixes = user_area_prefixes(user)
    if prefixes is None or not prefixes:
        return None
    return (Case.objects.filter(area_q(prefixes), confidential=True)
            .exclude(handling_unit_id__in=below_unit_ids(user))
            .exclude(pk__in=named_case_ids(user)))


def unit_area_prefixes(unit: Unit) -> tuple[str, ...] | None:
    if unit.level == UnitLevel.PUSAT:
        return None
    return minimal_prefixes(subtree_area_codes(unit))


def unit_counted_cases(unit: Unit) -> QuerySet:
    """What a member of ``unit`` counts, without a user (for scheduled recaps).

    The same set as ``counted_cases`` for a user whose only membership is at
    ``unit``: cases located in its area (confidential included) and cases handled
    by the unit or one below it. (Cases shown to one named member are not part of
    a unit's figures.)
    """
    prefixes = unit_area_prefixes(unit)
    if prefixes is None:
        return Case.objects.all()
    return Case.objects.filter(area_q(prefixes) | Q(handling_unit__path__startswith=unit.path))


def may_see_unit(user, unit: Unit) -> bool:
    """A unit's figures belong to members of the unit or of a unit above it."""
    return any(
        g.role in VIEW_ROLES and unit.path.startswith(g.unit_path) for g in grants_for(user)
    )


def visible_unit(user, code: str) -> Unit | None:
    """The active unit with this code if its figures are the user's to see, else None
    (another office's recap does not exist for the user: the callers answer 404)."""
    code = (code or "").strip()[:20]
    if not code or "\x00" in code:
        return None
    unit = Unit.objects.filter(code=code, is_active=True).first()
    return unit if unit is not None and may_see_unit(user, unit) else None


def sees_party_recurrence(user) -> bool:
    return any(g.role in PARTY_RECURRENCE_ROLES for g in grants_for(user))


def visible_units(user) -> QuerySet:
    """Units whose figures the user may see (their membership units and below)."""
    paths = sorted({g.unit_path for g in grants_for(user) if g.role in VIEW_ROLES})
    if not paths:
        return Unit.objects.none()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q, is_active=True)


def path_depth(path: str) -> int:
    return len([p for p in path.split("/") if p])


def report_depth(user) -> int:
    """Offices are reported one level below the user's highest office (Pusat → Kanwil, …)."""
    depths = [path_depth(g.unit_path) for g in grants_for(user) if g.role in VIEW_ROLES]
    return (min(depths) if depths else 1) + 1


def rollup_path(path: str, depth: int) -> str:
    """The ancestor path at ``depth`` (or the path itself when it is shallower)."""
    parts = [p for p in path.split("/") if p]
    return "/" + "/".join(parts[:depth]) + "/"
