"""The dashboard's figures, computed with a fixed, small number of aggregate queries.

Query plan (independent of the number of cases, see docs/benchmarks.md):

1. one GROUP BY over the period's cases by (status, level, category, legal stage)
   with a conditional count per month — every breakdown and the "new per month"
   series are folded from this one small cube in Python;
2. one aggregate over 'resolve' events in the period (conditional count per month);
3. one GROUP BY over open cases by handling unit id, then the names of the
   largest few units;
4. one COUNT of the cases the user may list, to say how many counted cases are
   confidential and therefore not listed (skipped for Pusat: it lists everything);
5. the category names.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from selaras.cases.models import AlertLevel, CaseEvent, Category, LegalStage, Status
from selaras.cases.models.case import OPEN_STATUSES
from selaras.cases.models.event import EventKind
from selaras.org.models import Unit

from .filters import DashboardFilter, day_start

RESOLVED_STATUSES = (Status.SELESAI, Status.PEMANTAUAN, Status.DITUTUP)
TOP_UNITS = 15


@dataclass
class Figure:
    key: str
    label: str
    count: int
    url: str = ""


@dataclass
class Month:
    month: str  # "2026-10"
    label: str
    new: int
    resolved: int
    new_url: str = ""
    resolved_url: str = ""


@dataclass
class Summary:
    filter: DashboardFilter
    total: int = 0
    total_url: str = ""
    by_status: list[Figure] = field(default_factory=list)
    by_level: list[Figure] = field(default_factory=list)
    by_category: list[Figure] = field(default_factory=list)
    by_stage: list[Figure] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    open_by_unit: list[Figure] = field(default_factory=list)
    open_total: int = 0
    open_units: int = 0
    open_url: str = ""
    not_listed: int = 0

    def as_dict(self) -> dict:
        def figs(items):
            return [{"key": f.key, "label": str(f.label), "count": f.count} for f in items]

        return {
            "period": {"from": self.filter.date_from.isoformat(),
                       "to": self.filter.date_to.isoformat()},
            "filters": {"region": self.filter.region or None,
                        "category": self.filter.category or None,
                        "alert_level": self.filter.alert_level},
            "total": self.total,
            "by_status": figs(self.by_status),
            "by_alert_level": figs(self.by_level),
            "by_category": figs(self.by_category),
            "by_legal_stage": figs(self.by_stage),
            "per_month": [{"month": m.month, "new": m.new, "resolved": m.resolved}
                          for m in self.months],
            "open_by_unit": figs(self.open_by_unit),
            "open_total": self.open_total,
            "counted_not_listed": self.not_listed,
        }


def month_key(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}"


def _month_bounds(flt: DashboardFilter) -> list[tuple[str, object, object, object, object]]:
    """(key, first day shown, last day shown, start moment, end moment) per month."""
    out = []
    for first_day in flt.months():
        start_day = max(first_day, flt.date_from)
        last_day = min(_month_end(first_day), flt.date_to)
        out.append((f"{first_day.year:04d}-{first_day.month:02d}", start_day, last_day,
                    day_start(start_day), day_start(last_day + timezone.timedelta(days=1))))
    return out


def is_unscoped(queryset: QuerySet) -> bool:
    """True for Pusat's ``restrict`` (every case): no WHERE clause at all."""
    return not queryset.query.where


def compute_summary(counted: QuerySet, flt: DashboardFilter,
                    listed: QuerySet | None = None, *, top_units: int = TOP_UNITS,
                    hidden: QuerySet | None = None) -> Summary:
    """``hidden`` (scope.hidden_cases) counts the "counted but not listed" figure
    directly; without it, it is ``total`` minus the listed count (``listed``)."""
    summary = Summary(filter=flt)
    months = _month_bounds(flt)
    # Disjoint parts of the counted set (scope.counted_cases: the user's area and the few
    # counted cases outside it): each part is grouped on its own index-only plan and the
    # rows are added up in Python (UNION ALL, one query).
    parts = getattr(counted, "analytics_parts", None) or [counted]
    # Counting a column of the index (not "id") keeps PostgreSQL on an index-only scan.
    # One scan of the period's cases: a small cube (≤ 7×3×11×3 groups) whose rows also
    # carry the count per month as conditional aggregates (cheaper than truncating
    # every timestamp to a month in the database's time zone).
    month_counts = {
        f"m{i}": Count("reported_at", filter=Q(reported_at__gte=lo, reported_at__lt=hi))
        for i, (_k, _a, _b, lo, hi) in enumerate(months)
    }
    cube = _union_all([
        flt.apply(part).order_by()
        .values("status", "alert_level", "category_id", "legal_stage")
        .annotate(n=Count("*"), **month_counts)
        for part in parts
    ])
    status_n, level_n, category_n, stage_n, month_n = (Counter() for _ in range(5))
    for row in cube:
        n = row["n"]
        status_n[row["status"]] += n
        level_n[row["alert_level"]] += n
        category_n[row["category_id"]] += n
        stage_n[row["legal_stage"]] += n
        for i, month in enumerate(months):
            month_n[month[0]] += row[f"m{i}"]
    summary.total = sum(status_n.values())
    summary.total_url = flt.case_list_url()

    summary.by_status = [
        Figure(s.value, s.label, status_n.get(s.value, 0), flt.case_list_url(status=s.value))
        for s in Status
    ]
    summary.by_level = [
        Figure(str(lv.value), lv.label, level_n.get(lv.value, 0),
               flt.case_list_url(alert_level=lv.value))
        for lv in AlertLevel if not flt.alert_level or flt.alert_level == lv.value
    ]
    categories = Category.objects.filter(parent=None).order_by("position", "code")
    summary.by_category = [
        Figure(c.code, c.label, category_n.get(c.code, 0), flt.case_list_url(category=c.code))
        for c in categories if category_n.get(c.code) or c.is_active
        if not flt.category or flt.category == c.code
    ]
    summary.by_stage = [
        Figure(st.value, st.label, stage_n.get(st.value, 0),
               flt.case_list_url(legal_stage=st.value))
        for st in LegalStage
    ]

    # 'resolve' steps per month, read through the partial index analytics_resolve_events.
    scoped = [flt.apply(part, with_period=False) for part in parts]
    events = CaseEvent.objects.filter(
        kind=EventKind.TRANSITION, action="resolve",
        created_at__gte=months[0][3], created_at__lt=months[-1][4],
    )
    if not (len(scoped) == 1 and is_unscoped(scoped[0])):
        events = events.filter(case_id__in=_union_all(
            [part.order_by().values("pk") for part in scoped]))
    resolved = events.aggregate(**{
        f"m{i}": Count("created_at", filter=Q(created_at__gte=lo, created_at__lt=hi))
        for i, (_k, _a, _b, lo, hi) in enumerate(months)
    })
    resolved_url = flt.case_list_url(with_period=False, status=list(RESOLVED_STATUSES))
    for i, (key, start_day, last_day, _lo, _hi) in enumerate(months):
        summary.months.append(Month(
            month=key,
            label=f"{key[5:]}/{key[2:4]}",
            new=month_n.get(key, 0),
            resolved=resolved[f"m{i}"] or 0,
            new_url=flt.case_list_url(reported_from=start_day.isoformat(),
                                      reported_to=last_day.isoformat()),
            resolved_url=resolved_url,
        ))

    # Open cases now by handling unit: grouped by the unit id alone (no join), the
    # largest few named afterwards — Pusat has ~6,000 offices, a page cannot list them.
    per_unit = Counter()
    for r in _union_all([part.filter(status__in=OPEN_STATUSES).order_by()
                         .values("handling_unit_id").annotate(n=Count("*"))
                         for part in scoped]):
        per_unit[r["handling_unit_id"]] += r["n"]
    summary.open_total = sum(per_unit.values())
    # Largest first; ties by unit id, so the cut at ``top_units`` does not depend on
    # the order the database returned the groups in.
    top = sorted(per_unit.items(), key=lambda kv: (-kv[1], kv[0]))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[uid for uid, _n in top[:top_units]])}
    top = sorted(top[:top_units], key=lambda kv: (-kv[1], units[kv[0]].path))
    open_status = [s.value for s in OPEN_STATUSES]
    summary.open_by_unit = [
        Figure(units[uid].code, units[uid].name, n,
               flt.case_list_url(with_period=False, status=open_status, unit=units[uid].code))
        for uid, n in top
    ]
    summary.open_units = len(per_unit)
    summary.open_url = flt.case_list_url(with_period=False, status=open_status)

    if hidden is not None:
        summary.not_listed = flt.apply(hidden).count()
    elif listed is not None and not (is_unscoped(counted) and is_unscoped(listed)):
        summary.not_listed = max(0, summary.total - flt.apply(listed).count())
    return summary


def _union_all(querysets: list[QuerySet]) -> QuerySet:
    """One query over disjoint parts: the first part alone, or a UNION ALL of them."""
    first, *rest = querysets
    return first.union(*rest, all=True).order_by() if rest else first


def _month_end(first_day):
    from .filters import add_months

    return add_months(first_day, 1) - timezone.timedelta(days=1)


def scale(figures: list, attr: str = "count") -> int:
    """The largest value, never 0 (for bar widths)."""
    return max([getattr(f, attr) for f in figures] + [1])

