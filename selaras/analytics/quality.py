"""Data quality and adoption: completeness per case, incomplete and stale cases, use per unit.

``FIELD_RULES`` is the one table that says which fields a case needs at each
status: *required* fields (the workflow step cannot be trusted without them)
count double, *recommended* ones once. The score is the weighted share present,
0–100.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import CaseEvent, Status
from selaras.cases.models.case import OPEN_STATUSES
from selaras.handling.models import HandlingAction, Impact
from selaras.org.models import Membership
from selaras.parties.models import CaseParty

from .filters import DashboardFilter

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
             on_time: dict | None = None, limit: int = 300) -> list[Adoption]:
    """Per unit: members, members active in the last 30 days, reports entered in the period."""
    since = timezone.now() - timezone.timedelta(days=ACTIVE_DAYS)
    unit_list = list(units.order_by("path")[:limit])
    ids = [u.pk for u in unit_list]
    members = {
        r["unit_id"]: r for r in Membership.objects.filter(unit_id__in=ids).order_by()
        .values("unit_id").annotate(
            n=Count("user_id", distinct=True),
            active=Count("user_id", distinct=True, filter=Q(user__last_login__gte=since)))
    }
    reports = {
        r["created_by__memberships__unit_id"]: r["n"]
        for r in flt.apply(counted).filter(created_by__memberships__unit_id__in=ids)
        .order_by().values("created_by__memberships__unit_id")
        .annotate(n=Count("id", distinct=True))
    }
    on_time = on_time or {}
    out = []
    for unit in unit_list:
        m = members.get(unit.pk, {})
        out.append(Adoption(unit=unit, members=m.get("n", 0), active=m.get("active", 0),
                            reports=reports.get(unit.pk, 0),
                            on_time_share=on_time.get(unit.pk)))
    return [a for a in out if a.members or a.reports or a.on_time_share is not None]

