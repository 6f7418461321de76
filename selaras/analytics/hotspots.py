"""Hotspots (districts with repeated cases) and parties that recur across cases."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from selaras.parties.models import CaseParty
from selaras.regions.models import Region

from .filters import DashboardFilter

WINDOW_DAYS = 365
MIN_REPEATS = 2
LIMIT = 25


@dataclass
class Hotspot:
    code: str
    name: str
    parent_name: str
    count: int
    by_level: dict
    url: str


@dataclass
class RecurringParty:
    party_id: int
    name: str
    kind: str
    cases: int


def window_start():
    return timezone.now() - timezone.timedelta(days=WINDOW_DAYS)


def district_hotspots(counted: QuerySet, flt: DashboardFilter) -> list[Hotspot]:
    """Districts with at least two cases reported in the last 12 months, most first."""
    since = window_start()
    base = flt.apply(counted, with_period=False).filter(reported_at__gte=since).order_by()
    rows = list(base.values("district_code").annotate(n=Count("id"))
                .filter(n__gte=MIN_REPEATS).order_by("-n", "district_code")[:LIMIT])
    codes = [r["district_code"] for r in rows]
    levels: dict[str, dict[int, int]] = {}
    for r in base.filter(district_code__in=codes).values("district_code", "alert_level") \
            .annotate(n=Count("id")):
        levels.setdefault(r["district_code"], {})[r["alert_level"]] = r["n"]
    names = {r.code: r for r in Region.objects.filter(code__in=codes).select_related("parent")}
    since_day = timezone.localtime(since).date().isoformat()
    out = []
    for r in rows:
        region = names.get(r["district_code"])
        out.append(Hotspot(
            code=r["district_code"], name=region.name if region else r["district_code"],
            parent_name=region.parent.name if region and region.parent else "",
            count=r["n"], by_level=dict(sorted(levels.get(r["district_code"], {}).items())),
            url=flt.case_list_url(with_period=False, region=r["district_code"],
                                  reported_from=since_day),
        ))
    return out


def recurring_parties(listed: QuerySet, flt: DashboardFilter) -> list[RecurringParty]:
    """Parties linked to two or more cases the user may see, in the last 12 months.

    Over the *listed* cases only: naming a party tells which cases it is in, so
    confidential cases the user may not see never contribute.
    """
    cases = flt.apply(listed, with_period=False).filter(reported_at__gte=window_start())
    rows = (
        CaseParty.objects.filter(case_id__in=cases.values("pk"))
        .order_by()
        .values("party_id", "party__name", "party__kind")
        .annotate(n=Count("case_id", distinct=True))
        .filter(n__gte=MIN_REPEATS)
        .order_by("-n", "party__name")[:LIMIT]
    )
    return [RecurringParty(r["party_id"], r["party__name"], r["party__kind"], r["n"])
            for r in rows]
