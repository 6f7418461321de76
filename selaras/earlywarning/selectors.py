"""The one way in for early-warning reads, scoped to the user's jurisdiction.

An area (or a report, or an alert) outside the user's jurisdiction does not exist
for them: Http404, in the web UI and the API alike.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases.models import Case
from selaras.regions.models import Region, RegionLevel

from . import access, scoring, services
from .models import (
    DistrictRisk,
    Indicator,
    RiskAlert,
    RiskSettings,
    RiskSnapshot,
    SituationReport,
)


def reports_for(user):
    return (SituationReport.objects.filter(access.area_q(user))
            .select_related("district", "reporter"))


def _id(pk) -> int | None:
    """A database id from a path segment, or None (str.isdigit() also accepts "²")."""
    text = str(pk)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def get_report(user, pk) -> SituationReport:
    pk = _id(pk)
    report = reports_for(user).filter(pk=pk).prefetch_related("ratings__indicator").first() \
        if pk is not None else None
    if report is None:
        raise Http404(_("No situation report with that number."))
    return report


def alerts_for(user):
    return RiskAlert.objects.filter(access.area_q(user)).select_related("district", "case",
                                                                         "unit")


def get_alert(user, pk) -> RiskAlert:
    pk = _id(pk)
    alert = alerts_for(user).filter(pk=pk).first() if pk is not None else None
    if alert is None:
        raise Http404(_("No alert with that number."))
    return alert


def visible_area(user, code) -> Region:
    """The province, regency or district ``code`` (422 if malformed, 404 if outside)."""
    region = services.resolve_area(code)
    if not access.may_view(user, region.code):
        raise Http404(_("No such area in your jurisdiction."))
    return region


def default_area(user) -> Region | None:
    """The widest single area the user sees (None for Pusat: all of Indonesia)."""
    prefixes = access.prefixes(user)
    if prefixes is None or not prefixes:
        return None
    return Region.objects.filter(code__in=prefixes).order_by("code").first()


# --------------------------------------------------------------------------- explanations


def explain(score: scoring.Score, user) -> list[dict]:
    """The contributions of a score, readable, with cases the user may not see masked."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    case_ids = [c.ref for c in score.contributions if c.kind == "case"]
    visible = set(Case.objects.restrict(user, "view").filter(pk__in=case_ids)
                  .values_list("pk", flat=True)) if case_ids else set()
    rows = []
    for c in score.contributions:
        row = c.as_dict()
        if c.kind == "case":
            if c.ref not in visible:
                row["case_number"] = ""
                row["ref"] = None
            row["label"] = _("Open case at level %(level)d") % {"level": c.alert_level}
        else:
            indicator = indicators.get(c.indicator)
            row["label"] = indicator.label if indicator else c.indicator
        rows.append(row)
    return rows


@dataclass
class AreaRisk:
    region: Region
    score: float
    level: int
    explanation: list = field(default_factory=list)  # district: contributions
    conflict: float = 0.0
    peace: float = 0.0
    cases: float = 0.0
    mean: float | None = None  # roll-ups only
    districts: int = 1
    by_level: dict = field(default_factory=dict)
    top: list = field(default_factory=list)  # roll-ups: [{code, name, score, level}]
    computed_at: datetime | None = None


def area_risk(user, region: Region, now: datetime | None = None) -> AreaRisk:
    """The live score of a district, or the roll-up of a regency or province."""
    now = now or timezone.now()
    params = RiskSettings.current().params()
    scores = services.score_area(region, params, now)
    if region.level == RegionLevel.DISTRICT:
        score = scores.get(region.code) or scoring.Score(0.0, 0, 0.0, 0.0, 0.0, [])
        return AreaRisk(region=region, score=score.score, level=score.level,
                        explanation=explain(score, user), conflict=score.conflict,
                        peace=score.peace, cases=score.cases, computed_at=now)
    district_count = Region.objects.filter(level=RegionLevel.DISTRICT,
                                           code__startswith=region.code).count()
    rolled = scoring.roll_up({c: s.score for c, s in scores.items()}, district_count,
                             params.thresholds, top=10)
    names = dict(Region.objects.filter(code__in=[c for c, _s in rolled.top])
                 .values_list("code", "name"))
    top = [{"code": code, "name": names.get(code, code), "score": round(value, 2),
            "level": scoring.level_for(value, params.thresholds)} for code, value in rolled.top]
    return AreaRisk(region=region, score=rolled.score, level=rolled.level, mean=rolled.mean,
                    districts=rolled.districts, by_level=rolled.by_level, top=top,
                    computed_at=now)


# --------------------------------------------------------------------------- map and trends


def district_risks(user, region: Region | None):
    """Stored current scores of the districts under ``region`` the user sees."""
    qs = DistrictRisk.objects.filter(access.area_q(user)).select_related("district")
    if region is not None:
        qs = qs.filter(district__code__startswith=region.code)
    return qs.order_by("-score", "district_id")


def weekly_trend(user, region: Region | None, weeks: int = 12, now=None) -> list[dict]:
    """Per week: the highest district score and the number of districts per level."""
    now = now or timezone.now()
    first = services.week_of(now) - timedelta(weeks=weeks - 1)
    qs = RiskSnapshot.objects.filter(access.area_q(user), week__gte=first)
    if region is not None:
        qs = qs.filter(district__code__startswith=region.code)
    by_week = {first + timedelta(weeks=i): {"max": 0.0, "levels": {1: 0, 2: 0, 3: 0}}
               for i in range(weeks)}
    for week, score, level in qs.values_list("week", "score", "level"):
        if week not in by_week:
            continue
        entry = by_week[week]
        entry["max"] = max(entry["max"], score)
        if level:
            entry["levels"][level] += 1
    return [{"week": week, **values} for week, values in sorted(by_week.items())]


def risers(user, region: Region | None, *, weeks_back: int = 4, limit: int = 5, now=None):
    """Districts whose score rose most between ``weeks_back`` weeks ago and this week."""
    now = now or timezone.now()
    this_week = services.week_of(now)
    before = this_week - timedelta(weeks=weeks_back)
    qs = RiskSnapshot.objects.filter(access.area_q(user), week__in=[this_week, before])
    if region is not None:
        qs = qs.filter(district__code__startswith=region.code)
    scores: dict[str, dict] = {}
    for code, week, score in qs.values_list("district_id", "week", "score"):
        scores.setdefault(code, {})[week] = score
    rows = []
    for code, values in scores.items():
        rise = values.get(this_week, 0.0) - values.get(before, 0.0)
        if rise > 0:
            rows.append({"code": code, "now": values.get(this_week, 0.0),
                         "before": values.get(before, 0.0), "rise": rise})
    rows.sort(key=lambda r: (-r["rise"], r["code"]))
    rows = rows[:limit]
    names = dict(Region.objects.filter(code__in=[r["code"] for r in rows])
                 .values_list("code", "name"))
    for row in rows:
        row["name"] = names.get(row["code"], row["code"])
    return rows
