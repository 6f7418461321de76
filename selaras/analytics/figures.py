"""The dashboard's figures, computed with a fixed, small number of aggregate queries.

Query plan (independent of the number of cases, see docs/benchmarks.md):

1. one GROUP BY over the period's cases by (status, level, category, legal stage,
   month) — every breakdown and the "new per month" series are folded from
   this one small cube in Python;
2. one GROUP BY over 'resolve' events in the period, by month;
3. one GROUP BY over open cases by handling unit (joined to the unit's name);
4. one COUNT of the cases the user may list, to say how many counted cases are
   confidential and therefore not listed;
5. the category names.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from selaras.cases.models import AlertLevel, CaseEvent, Category, LegalStage, Status
from selaras.cases.models.case import OPEN_STATUSES
from selaras.cases.models.event import EventKind

from .filters import DashboardFilter, day_start

RESOLVED_STATUSES = (Status.SELESAI, Status.PEMANTAUAN, Status.DITUTUP)


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


def compute_summary(counted: QuerySet, flt: DashboardFilter,
                    listed: QuerySet | None = None) -> Summary:
    summary = Summary(filter=flt)
    in_period = flt.apply(counted)
    cube = (
        in_period.order_by()
        .annotate(m=TruncMonth("reported_at"))
        .values("status", "alert_level", "category_id", "legal_stage", "m")
        .annotate(n=Count("id"))
    )
    status_n, level_n, category_n, stage_n, month_n = (Counter() for _ in range(5))
    for row in cube:
        n = row["n"]
        status_n[row["status"]] += n
        level_n[row["alert_level"]] += n
        category_n[row["category_id"]] += n
        stage_n[row["legal_stage"]] += n
        month_n[month_key(row["m"])] += n
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
    # The case list has no legal-stage filter; these link to the list of the same period.
    summary.by_stage = [
        Figure(st.value, st.label, stage_n.get(st.value, 0), flt.case_list_url())
        for st in LegalStage
    ]

    resolved_n: Counter = Counter()
    resolve_events = (
        CaseEvent.objects.filter(
            kind=EventKind.TRANSITION, action="resolve",
            created_at__gte=day_start(flt.date_from),
            created_at__lt=day_start(flt.date_to + timezone.timedelta(days=1)),
            case_id__in=flt.apply(counted, with_period=False).values("pk"),
        )
        .order_by()
        .annotate(m=TruncMonth("created_at"))
        .values("m")
        .annotate(n=Count("id"))
    )
    for row in resolve_events:
        resolved_n[month_key(row["m"])] += row["n"]
    for first_day in flt.months():
        key = f"{first_day.year:04d}-{first_day.month:02d}"
        last_day = min(_month_end(first_day), flt.date_to)
        start_day = max(first_day, flt.date_from)
        summary.months.append(Month(
            month=key,
            label=first_day.strftime("%m/%Y"),
            new=month_n.get(key, 0),
            resolved=resolved_n.get(key, 0),
            new_url=flt.case_list_url(reported_from=start_day.isoformat(),
                                      reported_to=last_day.isoformat()),
            resolved_url=flt.case_list_url(with_period=False, status=list(RESOLVED_STATUSES)),
        ))

    open_rows = (
        flt.apply(counted, with_period=False)
        .filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("handling_unit__code", "handling_unit__name", "handling_unit__path")
        .annotate(n=Count("id"))
    )
    open_status = [s.value for s in OPEN_STATUSES]
    rows = sorted(open_rows, key=lambda r: (-r["n"], r["handling_unit__path"]))
    summary.open_by_unit = [
        Figure(r["handling_unit__code"], r["handling_unit__name"], r["n"],
               flt.case_list_url(with_period=False, status=open_status,
                                 unit=r["handling_unit__code"]))
        for r in rows
    ]
    summary.open_total = sum(r["n"] for r in rows)

    if listed is not None:
        summary.not_listed = max(0, summary.total - flt.apply(listed).count())
    return summary


def _month_end(first_day):
    from .filters import add_months

    return add_months(first_day, 1) - timezone.timedelta(days=1)


def scale(figures: list, attr: str = "count") -> int:
    """The largest value, never 0 (for bar widths)."""
    return max([getattr(f, attr) for f in figures] + [1])

