"""Response times: to verify, to first action, to resolve — median and 90th percentile.

One code path for SQLite and PostgreSQL: two bounded queries (the period's cases
and the first 'start'/handling-action and 'resolve' events per case), the
percentiles in Python. The period bounds the rows (a year of a province is a
few tens of thousands of tuples); it is a page of its own so the dashboard does
not pay for it.

* verify: ``verified_at − reported_at``
* first action: the earliest of the 'start' transition and the first recorded
  handling action, minus ``reported_at``
* resolve: the first 'resolve' transition minus ``reported_at``

Deadline compliance uses the same deadline policies as ``cases/deadlines.py``
(the most specific policy per level and (sub-)category; defaults: verify within
24 h, 6 h at level 3; first action within 72 h after verification, 24 h at
level 3; resolution within 30 days), loaded once per computation instead of once
per case, plus the share of open cases now past their ``due_at``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from selaras.cases.deadlines import DEFAULT_DURATIONS, Durations
from selaras.cases.models import AlertLevel, CaseEvent
from selaras.cases.models.case import OPEN_STATUSES
from selaras.cases.models.event import EventKind
from selaras.org.models import Unit

from .filters import DashboardFilter
from .scope import rollup_path

STEPS = ("verify", "first_action", "resolve")


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class StepStats:
    n: int = 0
    median_h: float | None = None
    p90_h: float | None = None
    on_time: int = 0

    @property
    def on_time_share(self) -> float | None:
        return round(100.0 * self.on_time / self.n, 1) if self.n else None


@dataclass
class Row:
    key: str
    label: str
    steps: dict = field(default_factory=dict)  # step → StepStats
    cases: int = 0

    @property
    def on_time_share(self) -> float | None:
        n = sum(s.n for s in self.steps.values())
        met = sum(s.on_time for s in self.steps.values())
        return round(100.0 * met / n, 1) if n else None


@dataclass
class ResponseTimes:
    overall: Row
    by_unit: list
    by_level: list
    open_cases: int = 0
    open_overdue: int = 0

    @property
    def overdue_share(self) -> float | None:
        return round(100.0 * self.open_overdue / self.open_cases, 1) if self.open_cases else None


def _hours(delta: timedelta) -> float:
    return max(delta.total_seconds(), 0.0) / 3600.0


def policy_lookup():
    """(level, [subcategory, category]) → Durations, from one query of the policy table."""
    try:
        Policy = apps.get_model("automation", "DeadlinePolicy")
        policies = {(p.alert_level, p.category_id): Durations(
            p.verify_hours, p.first_action_hours, p.resolve_days) for p in Policy.objects.all()}
    except LookupError:
        policies = {}

    def lookup(level: int, codes) -> Durations:
        for code in [*[c for c in codes if c], None]:
            if (level, code) in policies:
                return policies[(level, code)]
        return DEFAULT_DURATIONS.get(int(level), DEFAULT_DURATIONS[1])

    return lookup


def case_durations(counted: QuerySet, flt: DashboardFilter) -> list[dict]:
    """Per case of the period: unit, level and the hours each step took (None = not yet)."""
    cases = flt.apply(counted).order_by()
    rows = list(cases.values_list("pk", "handling_unit_id", "alert_level", "reported_at",
                                  "verified_at", "category_id", "subcategory_id"))
    durations_for = policy_lookup()
    firsts = {
        r["case_id"]: r
        for r in CaseEvent.objects.filter(case_id__in=cases.values("pk"))
        .filter(Q(kind=EventKind.TRANSITION, action__in=("start", "resolve"))
                | Q(kind=EventKind.HANDLING_ACTION, action="recorded"))
        .order_by()
        .values("case_id")
        .annotate(
            first_action=Min("created_at", filter=Q(action="start")
                             | Q(kind=EventKind.HANDLING_ACTION)),
            resolved=Min("created_at", filter=Q(action="resolve")),
        )
    }
    out = []
    for pk, unit_id, level, reported, verified, category, subcategory in rows:
        policy = durations_for(level, [subcategory, category])
        first = firsts.get(pk, {})
        action_at, resolved_at = first.get("first_action"), first.get("resolved")
        durations = {
            "verify": _hours(verified - reported) if verified else None,
            "first_action": _hours(action_at - reported) if action_at else None,
            "resolve": _hours(resolved_at - reported) if resolved_at else None,
        }
        limits = {
            "verify": policy.verify_hours,
            # The first action's clock starts at verification (deadlines.py).
            "first_action": policy.first_action_hours,
            "resolve": policy.resolve_days * 24,
        }
        on_time = {
            "verify": durations["verify"] is not None and durations["verify"] <= limits["verify"],
            "first_action": action_at is not None and _hours(
                action_at - (verified or reported)) <= limits["first_action"],
            "resolve": durations["resolve"] is not None
            and durations["resolve"] <= limits["resolve"],
        }
        out.append({"unit_id": unit_id, "level": level, "hours": durations,
                    "on_time": on_time})
    return out


def _row(key: str, label: str, items: list[dict]) -> Row:
    row = Row(key=key, label=label, cases=len(items))
    for step in STEPS:
        values = [i["hours"][step] for i in items if i["hours"][step] is not None]
        stats = StepStats(n=len(values))
        stats.median_h = _round(percentile(values, 0.5))
        stats.p90_h = _round(percentile(values, 0.9))
        stats.on_time = sum(1 for i in items if i["hours"][step] is not None and i["on_time"][step])
        row.steps[step] = stats
    return row


def _round(value):
    return None if value is None else round(value, 1)


def response_times(counted: QuerySet, flt: DashboardFilter,
                   depth: int | None = None) -> ResponseTimes:
    """Overall, by level and by office; with ``depth`` offices are rolled up to that level
    of the office tree (Pusat sees one row per Kanwil, not ~6,000 rows)."""
    items = case_durations(counted, flt)
    by_unit_items: dict[str, list] = {}
    by_level_items: dict[int, list] = {}
    paths = dict(Unit.objects.filter(pk__in={i["unit_id"] for i in items})
                 .values_list("pk", "path"))
    for item in items:
        path = paths[item["unit_id"]]
        key = rollup_path(path, depth) if depth else path
        by_unit_items.setdefault(key, []).append(item)
        by_level_items.setdefault(item["level"], []).append(item)
    units = {u.path: u for u in Unit.objects.filter(path__in=list(by_unit_items))}
    by_unit = [
        _row(units[key].code if key in units else key, units[key].name if key in units else key,
             its)
        for key, its in sorted(by_unit_items.items())
    ]
    by_level = [_row(str(lv.value), lv.label, by_level_items.get(lv.value, []))
                for lv in AlertLevel]
    open_qs = flt.apply(counted, with_period=False).filter(status__in=OPEN_STATUSES)
    now = timezone.now()
    result = ResponseTimes(overall=_row("all", "", items), by_unit=by_unit, by_level=by_level)
    counts = open_qs.order_by().aggregate(
        n=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    result.open_cases, result.open_overdue = counts["n"], counts["overdue"]
    return result


def on_time_share_by_unit(counted: QuerySet, flt: DashboardFilter,
                          depth: int | None = None) -> dict[str, float | None]:
    """unit path (rolled up to ``depth``) → share of measured steps met on time."""
    items = case_durations(counted, flt)
    paths = dict(Unit.objects.filter(pk__in={i["unit_id"] for i in items})
                 .values_list("pk", "path"))
    per_unit: dict[str, list] = {}
    for item in items:
        path = paths[item["unit_id"]]
        per_unit.setdefault(rollup_path(path, depth) if depth else path, []).append(item)
    return {path: _row("", "", its).on_time_share for path, its in per_unit.items()}
