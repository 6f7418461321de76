"""API v1: the dashboard's figures as JSON and the open-data file (CSV).

Both answer for the caller's jurisdiction, like every figure: they start from
``Case.objects.restrict(user, "view")`` plus the confidential cases of the
caller's own area (``scope.counted_cases``) — counts only, nothing that names a
case or a person. Same filters as the dashboard; bad filters → 422.
"""

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router, Schema
from pydantic import Field

from selaras.core.api import ErrorOut

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
