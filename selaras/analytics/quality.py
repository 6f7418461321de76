"""Data quality and adoption: completeness per case, incomplete and stale cases, use per unit.

``FIELD_RULES`` is the one table that says which fields a case needs at each
status: *required* fields (the workflow step cannot be trusted without them)
count double, *recommended* ones once. The score is the weighted share present,
0–100.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import CaseEvent, Status
from selaras.cases.models.case import OPEN_STATUSES
from selaras.handling.models import HandlingAction, Impact
from selaras.org.models import Membership, Unit
from selaras.parties.models import CaseParty

from .filters import DashboardFilter
from .scope import rollup_path

STALE_DAYS = 30
ACTIVE_DAYS = 30
LIST_LIMIT = 200

# field → (label, test on an annotated case)
CHECKS = {
    "title": (_("title"), lambda c: bool(c.title)),
    "chronology": (_("chronology"), lambda c: len(c.chronology or "") >= 50),
    "category": (_("category"), lambda c: bool(c.category_id)),
    "subcategory": (_("sub-category"), lambda c: bool(c.subcategory_id)),
    "scope": (_("inter/intra-religious"), lambda c: bool(c.scope)),
    "religions": (_("religions involved"), lambda c: bool(c.religions)),
    "village": (_("village (desa/kelurahan)"), lambda c: len(c.location_id or "") == 10),
    "address": (_("address"), lambda c: bool(c.address)),
    "coordinates": (_("coordinates"), lambda c: c.latitude is not None
                    and c.longitude is not None),
    "verified_at": (_("verification"), lambda c: c.verified_at is not None),
    "parties": (_("parties"), lambda c: c.has_parties),
    "impact": (_("impact"), lambda c: c.has_impact),
    "handling_action": (_("handling action"), lambda c: c.has_action),
    "outcome": (_("outcome"), lambda c: bool(c.outcome)),
    "reject_reason": (_("reason for rejection"), lambda c: bool(c.reject_reason)),
}

_BASE_REQUIRED = ("title", "chronology", "category")
_BASE_RECOMMENDED = ("scope", "religions", "village", "address")
_HANDLED_REQUIRED = (*_BASE_REQUIRED, "verified_at", "parties", "handling_action")
_HANDLED_RECOMMENDED = (*_BASE_RECOMMENDED, "subcategory", "impact", "coordinates")

# status → (required, recommended)
FIELD_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Status.DILAPORKAN: (_BASE_REQUIRED, _BASE_RECOMMENDED),
    Status.TERVERIFIKASI: ((*_BASE_REQUIRED, "verified_at"),
                           (*_BASE_RECOMMENDED, "subcategory", "parties")),
    Status.DITANGANI: (_HANDLED_REQUIRED, _HANDLED_RECOMMENDED),
    Status.SELESAI: ((*_HANDLED_REQUIRED, "outcome"), _HANDLED_RECOMMENDED),
    Status.PEMANTAUAN: ((*_HANDLED_REQUIRED, "outcome"), _HANDLED_RECOMMENDED),
    Status.DITUTUP: ((*_HANDLED_REQUIRED, "outcome"), _HANDLED_RECOMMENDED),
    Status.DITOLAK: ((*_BASE_REQUIRED, "reject_reason"), ()),
}


@dataclass
class Completeness:
    score: int
    missing_required: list = field(default_factory=list)
    missing_recommended: list = field(default_factory=list)


def completeness(case) -> Completeness:
    """Score of a case annotated by ``with_quality_flags`` (0–100)."""
    required, recommended = FIELD_RULES[case.status]
    missing_req = [f for f in required if not CHECKS[f][1](case)]
    missing_rec = [f for f in recommended if not CHECKS[f][1](case)]
    total = 2 * len(required) + len(recommended)
    got = 2 * (len(required) - len(missing_req)) + (len(recommended) - len(missing_rec))
    return Completeness(
        score=round(100 * got / total) if total else 100,
        missing_required=[CHECKS[f][0] for f in missing_req],
        missing_recommended=[CHECKS[f][0] for f in missing_rec],
    )


def with_quality_flags(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        has_parties=Exists(CaseParty.objects.filter(case=OuterRef("pk"))),
        has_impact=Exists(Impact.objects.filter(case=OuterRef("pk"))),
        has_action=Exists(HandlingAction.objects.filter(case=OuterRef("pk"))),
    )


def incomplete_cases(listed: QuerySet, flt: DashboardFilter) -> list[tuple]:
    """(case, completeness) of open cases missing something, lowest score first (bounded)."""
    cases = with_quality_flags(
        flt.apply(listed, with_period=False).filter(status__in=OPEN_STATUSES)
        .select_related("handling_unit").order_by("-reported_at")[:1000]
    )
    scored = [(c, completeness(c)) for c in cases]
    scored = [(c, s) for c, s in scored if s.missing_required or s.missing_recommended]
    scored.sort(key=lambda cs: (cs[0].handling_unit.path, cs[1].score, cs[0].reported_at))
    return scored[:LIST_LIMIT]


def stale_cases(listed: QuerySet, flt: DashboardFilter, days: int = STALE_DAYS) -> list:
    """Open cases with no timeline event for ``days`` days, per handling unit (bounded)."""
    cutoff = timezone.now() - timezone.timedelta(days=days)
    recent = CaseEvent.objects.filter(case=OuterRef("pk"), created_at__gte=cutoff)
    return list(
        flt.apply(listed, with_period=False).filter(status__in=OPEN_STATUSES)
        .filter(~Exists(recent))
        .annotate(last_event_at=Max("events__created_at"))
        .select_related("handling_unit")
        .order_by("handling_unit__path", "last_event_at")[:LIST_LIMIT]
    )


@dataclass
class Adoption:
    unit: object
    members: int = 0
    active: int = 0
    reports: int = 0
    on_time_share: float | None = None


def adoption(units: QuerySet, counted: QuerySet, flt: DashboardFilter,
             on_time: dict | None = None, depth: int | None = None) -> list[Adoption]:
    """Per office, rolled up to ``depth`` of the office tree (the office and everything
    below it): members, members active in the last 30 days, reports entered in the period,
    share of steps on time (``on_time``: path → share)."""
    since = timezone.now() - timezone.timedelta(days=ACTIVE_DAYS)
    unit_paths = dict(units.values_list("pk", "path"))

    def key(path: str) -> str:
        return rollup_path(path, depth) if depth else path

    members: dict[str, set] = {}
    active: dict[str, set] = {}
    for unit_id, user_id, last_login in Membership.objects.filter(
            unit_id__in=list(unit_paths)).values_list("unit_id", "user_id", "user__last_login"):
        k = key(unit_paths[unit_id])
        members.setdefault(k, set()).add(user_id)
        if last_login and last_login >= since:
            active.setdefault(k, set()).add(user_id)
    reports: dict[str, set] = {}
    for case_id, unit_id in (flt.apply(counted).filter(
            created_by__memberships__unit_id__in=list(unit_paths))
            .values_list("pk", "created_by__memberships__unit_id")):
        reports.setdefault(key(unit_paths[unit_id]), set()).add(case_id)
    on_time = on_time or {}
    keys = sorted(set(members) | set(reports) | {k for k in on_time if k in set(
        key(p) for p in unit_paths.values())})
    named = {u.path: u for u in Unit.objects.filter(path__in=keys)}
    return [
        Adoption(unit=named[k], members=len(members.get(k, ())), active=len(active.get(k, ())),
                 reports=len(reports.get(k, ())), on_time_share=on_time.get(k))
        for k in keys if k in named
    ]
