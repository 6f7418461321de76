"""API v1: the dashboard's figures as JSON and the open-data file (CSV).

Both answer for the caller's jurisdiction, like every figure: they start from
``Case.objects.restrict(user, "view")`` plus the confidential cases of the
caller's own area (``scope.counted_cases``) — counts only, nothing that names a
case or a person. Same filters as the dashboard; bad filters → 422.
"""

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from selaras.core.api import ErrorOut
from selaras.evidence.http import content_disposition

from . import hotspots, quality, recap, response, scope
from .figures import compute_summary
from .filters import DashboardFilter
from .opendata import opendata_csv
from .scope import counted_cases, hidden_cases, listed_cases

router = Router(tags=["statistics"])


class FigureOut(Schema):
    key: str = Field(description="Code of the status, level, category, stage or office.")
    label: str
    count: int


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    new: int = Field(description="Cases reported in the month.")
    resolved: int = Field(description="'Resolve' steps taken in the month.")


class SummaryOut(Schema):
    period: dict
    filters: dict
    total: int
    by_status: list[FigureOut]
    by_alert_level: list[FigureOut]
    by_category: list[FigureOut]
    by_legal_stage: list[FigureOut]
    per_month: list[MonthOut]
    open_by_unit: list[FigureOut] = Field(description="Open cases now, by handling office.")
    open_total: int
    counted_not_listed: int = Field(
        description="Counted confidential cases the caller may not see individually.")


FILTER_PARAMETERS = [
    {"in": "query", "name": "period", "required": False,
     "schema": {"type": "string", "enum": ["12m", "30d", "90d", "year"]},
     "description": "A preset period (default: the last 12 months, from the first of the "
                    "month)."},
    {"in": "query", "name": "reported_from", "required": False,
     "schema": {"type": "string", "format": "date"}, "description": "Reported on or after."},
    {"in": "query", "name": "reported_to", "required": False,
     "schema": {"type": "string", "format": "date"}, "description": "Reported on or before."},
    {"in": "query", "name": "region", "required": False, "schema": {"type": "string"},
     "description": "Province (2 digits), regency/city (4) or district (6) code."},
    {"in": "query", "name": "category", "required": False, "schema": {"type": "string"},
     "description": "Main category code."},
    {"in": "query", "name": "alert_level", "required": False,
     "schema": {"type": "integer", "enum": [1, 2, 3]}, "description": "Alert level."},
]


@router.get(
    "/stats/summary",
    response={200: SummaryOut, 401: ErrorOut, 422: ErrorOut},
    summary="The dashboard's figures",
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def summary(request: HttpRequest):
    """Counts for the caller's jurisdiction. `counted_not_listed` says how many counted cases
    are confidential cases the caller may not see individually."""
    user = request.auth
    flt = DashboardFilter.from_params(request.GET)
    return compute_summary(counted_cases(user), flt, listed_cases(user),
                           hidden=hidden_cases(user)).as_dict()


@router.get(
    "/stats/opendata.csv",
    response={401: ErrorOut, 422: ErrorOut},
    summary="Open data: aggregated case counts (CSV)",
    openapi_extra={"parameters": FILTER_PARAMETERS, "responses": {"200": {
        "description": "One row per province, regency, month, category and alert level with "
                       "at least one case. No personal data. Counts under 5 appear as `<5`.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }}},
)
def opendata(request: HttpRequest):
    """Aggregated, anonymous counts for publication (small cells suppressed)."""
    user = request.auth
    flt = DashboardFilter.from_params(request.GET)
    response = StreamingHttpResponse(opendata_csv(counted_cases(user), flt),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="selaras-opendata-{flt.date_from:%Y%m}-{flt.date_to:%Y%m}.csv"')
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- detail pages
# The same figures as the dashboard's detail pages (hotspots, response times, data
# quality), from the same functions and the same scope: numbers over the counted cases,
# anything that names a case or a party over the listed ones only.


class HotspotOut(Schema):
    code: str = Field(description="District (kecamatan) code.")
    name: str
    parent_name: str
    count: int = Field(description="Cases reported in the last 12 months.")
    by_level: dict[str, int] = Field(description="Alert level → cases.")


class RecurringPartyOut(Schema):
    party_id: int
    name: str
    kind: str
    cases: int


class HotspotsOut(Schema):
    window_days: int
    hotspots: list[HotspotOut]
    recurring_parties: list[RecurringPartyOut] | None = Field(
        description="Parties in two or more cases; null when the caller's role may not see "
                    "parties across cases.")


@router.get(
    "/stats/hotspots",
    response={200: HotspotsOut, 401: ErrorOut, 422: ErrorOut},
    summary="Hotspots: districts with repeated cases",
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def stats_hotspots(request: HttpRequest):
    """Districts with at least two cases in the last 12 months (the period filter does not
    apply), and recurring parties for the roles that see them, like the hotspots page."""
    user = request.auth
    flt = DashboardFilter.from_params(request.GET)
    rows = hotspots.district_hotspots(scope.counted_cases(user), flt)
    parties = None
    if scope.sees_party_recurrence(user):
        parties = [{"party_id": p.party_id, "name": p.name, "kind": p.kind, "cases": p.cases}
                   for p in hotspots.recurring_parties(scope.listed_cases(user), flt)]
    return {
        "window_days": hotspots.WINDOW_DAYS,
        "hotspots": [{"code": h.code, "name": h.name, "parent_name": h.parent_name,
                      "count": h.count, "by_level": {str(k): v for k, v in h.by_level.items()}}
                     for h in rows],
        "recurring_parties": parties,
    }


class StepOut(Schema):
    n: int = Field(description="Cases measured for this step.")
    median_h: float | None
    p90_h: float | None
    on_time: int
    on_time_share: float | None = Field(description="Percent of measured cases on time.")


class ResponseRowOut(Schema):
    key: str = Field(description="'all', the alert level, or the office code.")
    label: str
    cases: int
    on_time_share: float | None
    steps: dict[str, StepOut] = Field(description="verify, first_action, resolve.")


class ResponseTimesOut(Schema):
    overall: ResponseRowOut
    by_level: list[ResponseRowOut]
    by_unit: list[ResponseRowOut]
    open_cases: int
    open_overdue: int
    overdue_share: float | None


def _response_row(row) -> dict:
    return {"key": row.key, "label": str(row.label), "cases": row.cases,
            "on_time_share": row.on_time_share,
            "steps": {step: {"n": s.n, "median_h": s.median_h, "p90_h": s.p90_h,
                             "on_time": s.on_time, "on_time_share": s.on_time_share}
                      for step, s in row.steps.items()}}


@router.get(
    "/stats/response-times",
    response={200: ResponseTimesOut, 401: ErrorOut, 422: ErrorOut},
    summary="Response times and deadline compliance",
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def stats_response_times(request: HttpRequest):
    """Median and 90th percentile hours to verify, to first action and to resolve, overall,
    by alert level and by office (rolled up like the response-times page)."""
    user = request.auth
    flt = DashboardFilter.from_params(request.GET)
    rt = response.response_times(scope.counted_cases(user), flt,
                                 depth=scope.report_depth(user))
    return {"overall": _response_row(rt.overall),
            "by_level": [_response_row(r) for r in rt.by_level],
            "by_unit": [_response_row(r) for r in rt.by_unit],
            "open_cases": rt.open_cases, "open_overdue": rt.open_overdue,
            "overdue_share": rt.overdue_share}


class IncompleteCaseOut(Schema):
    number: str
    status: str
    handling_unit: str = Field(description="Office code.")
    score: int = Field(description="Completeness 0–100.")
    missing_required: list[str]
    missing_recommended: list[str]


class StaleCaseOut(Schema):
    number: str
    status: str
    handling_unit: str
    last_event_at: str | None


class AdoptionOut(Schema):
    unit: str = Field(description="Office code.")
    unit_name: str
    members: int
    active: int
    reports: int
    on_time_share: float | None


class QualityOut(Schema):
    stale_days: int
    incomplete: list[IncompleteCaseOut]
    stale: list[StaleCaseOut]
    adoption: list[AdoptionOut]


@router.get(
    "/stats/quality",
    response={200: QualityOut, 401: ErrorOut, 422: ErrorOut},
    summary="Data quality and adoption",
    openapi_extra={"parameters": FILTER_PARAMETERS},
)
def stats_quality(request: HttpRequest):
    """Open cases missing data (lowest completeness first) and without activity, over the
    cases the caller may see; use of the system per office, like the data-quality page."""
    user = request.auth
    flt = DashboardFilter.from_params(request.GET)
    counted = scope.counted_cases(user)
    listed = scope.listed_cases(user)
    depth = scope.report_depth(user)
    on_time = response.on_time_share_by_unit(counted, flt, depth)
    return {
        "stale_days": quality.STALE_DAYS,
        "incomplete": [{"number": c.number, "status": c.status,
                        "handling_unit": c.handling_unit.code, "score": q.score,
                        "missing_required": [str(x) for x in q.missing_required],
                        "missing_recommended": [str(x) for x in q.missing_recommended]}
                       for c, q in quality.incomplete_cases(listed, flt)],
        "stale": [{"number": c.number, "status": c.status, "handling_unit": c.handling_unit.code,
                   "last_event_at": c.last_event_at.isoformat() if c.last_event_at else None}
                  for c in quality.stale_cases(listed, flt)],
        "adoption": [{"unit": a.unit.code, "unit_name": a.unit.name, "members": a.members,
                      "active": a.active, "reports": a.reports, "on_time_share": a.on_time_share}
                     for a in quality.adoption(scope.visible_units(user), counted, flt, on_time,
                                               depth)],
    }


# --------------------------------------------------------------------------- recap


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RecapQuery(Schema):
    unit: str = Field(..., max_length=20, description="Office code, e.g. 3273 (GET /units): "
                                                      "your office or one below it.")
    period: str = Field(..., max_length=10, description="A month (2026-10) or a quarter "
                                                        "(2026-Q3) that has started.")
    format: Literal["pdf", "xlsx"] = Field("pdf", description="pdf or xlsx.")


@router.get(
    "/stats/recap",
    response={401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Monthly or quarterly recap of an office (PDF or XLSX)",
    openapi_extra={"responses": {200: {
        "description": "The recap as a download (Content-Disposition: attachment): the "
                       "dashboard's figures and response times of the office for the period.",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }}},
)
def stats_recap(request: HttpRequest, params: Query[RecapQuery]):
    """Like the recap page: the office's figures over what its members count, the same as
    its dashboard for that period. An office that is not yours or below yours does not
    exist for you (404); a bad period or format is 422."""
    user = request.auth
    unit = scope.visible_unit(user, params.unit)
    if unit is None:
        raise Http404(_("No such office."))
    data = recap.generate_recap(unit, params.period)  # a bad period: ValidationError → 422
    if params.format == "xlsx":
        body, content_type = recap.render_recap_xlsx(data), XLSX_TYPE
    else:
        body, content_type = recap.render_recap_pdf(data), "application/pdf"
    answer = HttpResponse(body, content_type=content_type)
    answer["Content-Disposition"] = content_disposition(recap.filename(data, params.format))
    answer["Cache-Control"] = "private, no-store"
    return answer
