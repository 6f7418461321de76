"""API v1 for early warning: situation reports, area risk, external signals.

Scoped like everything else: an area or report outside the caller's jurisdiction
is 404; a malformed region code is 422.
"""

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictFloat, StrictInt

from selaras.cases.schemas import StrictInput
from selaras.core.api import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    ErrorOut,
    error_response,
    paginate,
)
from selaras.core.errors import PermissionDenied, ValidationError
from selaras.integration.concurrency import if_match_openapi, required_single_tag

from . import access, selectors, services
from .models import Indicator, ReportKind

router = Router(tags=["early warning"])

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class RatingIn(Schema):
    rating: int = Field(..., description="0 not seen, 1 some signs, 2 clear, 3 strong")
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    district: str = Field(..., description="District (kecamatan) code, 6 digits",
                          examples=["327301"])
    kind: str = Field(ReportKind.PERIODIC, description="periodic (weekly) or ad_hoc")
    observed_at: datetime | None = Field(None, description="Default: now")
    note: str = ""
    ratings: dict[str, RatingIn | int] = Field(
        default_factory=dict,
        description="Indicator code → rating (0–3) or {rating, note}; missing = 0. "
                    "GET /risk/indicators lists the codes.")


class RatingOut(Schema):
    indicator: str
    kind: str
    label: str
    rating: int
    note: str


class EvidenceOut(Schema):
    file_name: str = Field(description="The name it was uploaded with (for display).")
    content_type: str = Field(description="The type detected from the content.")
    size: int = Field(description="Bytes.")
    sha256: str
    download_url: str = Field(description="GET it: the file as a download.")


class ReportOut(Schema):
    id: int
    district: str
    district_name: str
    kind: str
    week: date
    observed_at: datetime
    note: str
    reporter: str
    created_at: datetime
    ratings: list[RatingOut]
    evidence: EvidenceOut | None = Field(None, description="The file filed with the report, "
                                                           "if any.")


class ReportPage(Schema):
    items: list[ReportOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class ReportListQuery(Schema):
    district: str | None = Field(None, description="A province, regency or district code: "
                                                    "reports in that area")
    week_from: date | None = Field(None, description="Reports of weeks starting on or after")
    week_to: date | None = Field(None, description="Reports of weeks starting on or before")
    kind: str | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class SignalIn(Schema):
    source: str = Field(..., description="Source system, e.g. si_rukun", examples=["si_rukun"])
    external_id: str = Field(..., description="The signal's id in the source system")
    district: str = Field(..., description="District code, 6 digits")
    indicator: str = Field(..., description="Indicator code (GET /risk/indicators)")
    rating: int = Field(..., description="0–3")
    observed_at: datetime | None = None
    note: str = ""


class SignalOut(Schema):
    id: int
    source: str
    external_id: str
    district: str
    indicator: str
    rating: int
    observed_at: datetime
    created: bool


class IndicatorOut(Schema):
    code: str
    kind: str
    label: str
    weight: float


class TopDistrictOut(Schema):
    code: str
    name: str
    score: float
    level: int


class RiskOut(Schema):
    region: str
    name: str
    region_level: str = Field(..., description="district, regency or province")
    score: float = Field(..., description="District: its score. Regency/province: the "
                                          "highest district score (the worst district "
                                          "decides the level)")
    level: int = Field(..., description="0 none, 1 Waspada, 2 Siaga, 3 Awas")
    level_label: str
    computed_at: datetime
    conflict: float | None = None
    peace: float | None = None
    cases: float | None = None
    explanation: list[dict] = Field(
        default_factory=list,
        description="District: every contribution (kind, source, ref, indicator, rating, "
                    "weight, age_days, decay, value; cases: case_number, alert_level)")
    mean: float | None = Field(None, description="Roll-ups: mean over all the area's "
                                                 "districts")
    districts: int | None = None
    by_level: dict[int, int] | None = None
    top: list[TopDistrictOut] | None = None


class AlertOut(Schema):
    id: int
    district: str
    district_name: str
    level: int
    previous_level: int
    score: float
    raised_at: datetime
    unit: str | None
    case_number: str | None = Field(None, description="The case it led to, if the caller "
                                                       "may see it")
    has_case: bool
    reports: list[int]
    signals: list[str] = Field(..., description="source:external_id")


class AlertPage(Schema):
    items: list[AlertOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class AlertListQuery(Schema):
    region: str | None = Field(None, description="A province, regency or district code")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _evidence_data(report) -> dict | None:
    from django.core.exceptions import ObjectDoesNotExist
    from django.urls import reverse

    try:
        evidence = report.evidence
    except ObjectDoesNotExist:
        return None
    return {"file_name": evidence.original_name, "content_type": evidence.content_type,
            "size": evidence.size, "sha256": evidence.sha256,
            "download_url": reverse("api-v1:report-evidence-download",
                                    kwargs={"report_id": report.pk})}


def _report_data(report) -> dict:
    return {
        "id": report.pk, "district": report.district_id, "district_name": report.district.name,
        "kind": report.kind, "week": report.week, "observed_at": report.observed_at,
        "note": report.note, "reporter": report.reporter.display_name,
        "created_at": report.created_at,
        "evidence": _evidence_data(report),
        "ratings": [{"indicator": r.indicator.code, "kind": r.indicator.kind,
                     "label": r.indicator.label, "rating": r.rating, "note": r.note}
                    for r in report.ratings.all()],
    }


@router.get("/situation-reports", response={200: ReportPage, **READ_ERRORS},
            summary="List situation reports")
def list_reports(request: HttpRequest, filters: Query[ReportListQuery]):
    """Situation reports in the caller's jurisdiction, newest first."""
    user = request.auth
    queryset = (selectors.reports_for(user).select_related("evidence")
                .prefetch_related("ratings__indicator"))
    if filters.district:
        region = selectors.visible_area(user, filters.district)
        queryset = queryset.filter(district__code__startswith=region.code)
    if filters.kind:
        if filters.kind not in ReportKind.values:
            raise ValidationError({"kind": _("Must be one of: %(v)s.") % {
                "v": ", ".join(ReportKind.values)}})
        queryset = queryset.filter(kind=filters.kind)
    if filters.week_from:
        queryset = queryset.filter(week__gte=filters.week_from)
    if filters.week_to:
        queryset = queryset.filter(week__lte=filters.week_to)
    page = paginate(request, queryset, page=filters.page, page_size=filters.page_size)
    page["items"] = [_report_data(r) for r in page["items"]]
    return page


@router.post("/situation-reports", response={201: ReportOut, **WRITE_ERRORS},
             summary="File a situation report")
def create_report(request: HttpRequest, payload: ReportIn):
    """For a district where the caller may register cases. Answers 201 with the report."""
    ratings = {}
    for code, value in payload.ratings.items():
        ratings[code] = (value.rating, value.note) if isinstance(value, RatingIn) else value
    report = services.create_report(
        actor=request.auth, district=payload.district, kind=payload.kind,
        observed_at=payload.observed_at, note=payload.note, ratings=ratings)
    report = selectors.reports_for(request.auth).prefetch_related("ratings__indicator") \
        .get(pk=report.pk)
    return Status(201, _report_data(report))


@router.get("/situation-reports/{report_id}", response={200: ReportOut, **READ_ERRORS},
            summary="Get one situation report")
def get_report(request: HttpRequest, report_id: str):
    return _report_data(selectors.get_report(request.auth, report_id))


@router.get("/risk", response={200: RiskOut, **READ_ERRORS}, summary="Risk score of an area")
def get_risk(request: HttpRequest, region: str = ""):
    """The live score and level of a district with its explanation, or the roll-up of a
    regency or province (highest district score, mean, districts per level, top ten)."""
    if not region:
        raise ValidationError({"region": _("This field is required.")})
    user = request.auth
    area = selectors.visible_area(user, region)
    risk = selectors.area_risk(user, area)
    level_names = {1: "province", 2: "regency", 3: "district"}
    body = {
        "region": area.code, "name": area.name, "region_level": level_names[area.level],
        "score": round(risk.score, 2), "level": risk.level,
        "level_label": services.level_label(risk.level), "computed_at": risk.computed_at,
    }
    if risk.mean is None:
        body.update(conflict=round(risk.conflict, 2), peace=round(risk.peace, 2),
                    cases=round(risk.cases, 2), explanation=risk.explanation)
    else:
        body.update(mean=round(risk.mean, 2), districts=risk.districts,
                    by_level=risk.by_level, top=risk.top)
    return body


@router.get("/risk/indicators", response={200: list[IndicatorOut], 401: ErrorOut},
            summary="Indicators and their current weights")
def list_indicators(request: HttpRequest):
    from .models import RiskSettings

    params = RiskSettings.current().params()
    return [{"code": i.code, "kind": i.kind, "label": i.label,
             "weight": params.weights.get(i.code, i.default_weight)}
            for i in Indicator.objects.filter(is_active=True)]


@router.post("/risk/signals", response={200: SignalOut, 201: SignalOut, **WRITE_ERRORS},
             summary="Send an external early-warning signal")
def post_signal(request: HttpRequest, payload: SignalIn):
    """Idempotent on (source, external_id): the first call answers 201, a repeat answers
    200 with the stored signal and changes nothing. The signal counts in the district's
    score like a situation report's rating, labelled with its source."""
    signal, created = services.record_signal(
        actor=request.auth, source=payload.source, external_id=payload.external_id,
        district=payload.district, indicator=payload.indicator, rating=payload.rating,
        observed_at=payload.observed_at, note=payload.note)
    if not created and not access.may_view(request.auth, signal.district_id):
        # Never confirm a stored signal of an area the caller cannot see.
        raise ValidationError({"external_id": _("This id is already used.")})
    body = {"id": signal.pk, "source": signal.source, "external_id": signal.external_id,
            "district": signal.district_id, "indicator": signal.indicator.code,
            "rating": signal.rating, "observed_at": signal.observed_at, "created": created}
    return Status(201 if created else 200, body)


@router.get("/risk/alerts", response={200: AlertPage, **READ_ERRORS}, summary="Risk alerts")
def list_alerts(request: HttpRequest, filters: Query[AlertListQuery]):
    """Alerts raised in the caller's jurisdiction (a district crossing a threshold
    upwards), newest first, with the reports and signals behind each."""
    user = request.auth
    queryset = selectors.alerts_for(user).prefetch_related("reports", "signals")
    if filters.region:
        region = selectors.visible_area(user, filters.region)
        queryset = queryset.filter(district__code__startswith=region.code)
    page = paginate(request, queryset, page=filters.page, page_size=filters.page_size)
    page["items"] = _alerts_data(user, page["items"])
    return page


def _alerts_data(user, alerts) -> list[dict]:
    """API bodies of ``alerts``; a resulting case number only if the caller may see it."""
    from selaras.cases.models import Case

    case_ids = [a.case_id for a in alerts if a.case_id]
    visible = set(Case.objects.restrict(user, "view").filter(pk__in=case_ids)
                  .values_list("pk", flat=True)) if case_ids else set()
    return [{
        "id": a.pk, "district": a.district_id, "district_name": a.district.name,
        "level": a.level, "previous_level": a.previous_level, "score": round(a.score, 2),
        "raised_at": a.raised_at, "unit": a.unit.code if a.unit else None,
        "case_number": a.case.number if a.case_id in visible else None,
        "has_case": a.case_id is not None,
        "reports": sorted(r.pk for r in a.reports.all()),
        "signals": sorted(f"{s.source}:{s.external_id}" for s in a.signals.all()),
    } for a in alerts]


@router.get("/risk/alerts/{alert_id}", response={200: AlertOut, **READ_ERRORS},
            summary="One risk alert")
def get_alert(request: HttpRequest, alert_id: int):
    """One alert of the caller's jurisdiction (404 outside it), like the alert page."""
    alert = selectors.get_alert(request.auth, alert_id)
    return _alerts_data(request.auth, [alert])[0]


# --------------------------------------------------------------------------- evidence


@router.get(
    "/situation-reports/{report_id}/evidence",
    response={401: ErrorOut, 404: ErrorOut},
    url_name="report-evidence-download",
    summary="Download a situation report's evidence file",
    openapi_extra={"responses": {200: {
        "description": "The file, as a download (Content-Disposition: attachment).",
        "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}},
    }}},
)
def download_report_evidence(request: HttpRequest, report_id: str):
    """The file filed with the report (photo, letter), always as a download, like on the
    report page. 404 when the report is outside your jurisdiction or has no evidence."""
    from selaras.evidence.http import attachment_response

    evidence, handle = services.open_report_evidence(request.auth, report_id)
    return attachment_response(evidence, handle)


# --------------------------------------------------------------------------- calibration
# Pusat's calibration page (heads and admins at Pusat, else 403): the current settings,
# a preview of what new settings would have flagged, and saving them — the same services.
# The settings answer with a strong ETag (``services.settings_tag``: a digest of the saved
# values and of the last save); saving needs it back in If-Match, so two analysts
# calibrating at once cannot silently overwrite each other: missing → 428, malformed →
# 400, stale → 412 with the current ETag, nothing written.


class SettingsIn(StrictInput):
    weights: dict[str, StrictFloat] = Field(
        default_factory=dict,
        description="Indicator code → weight (0–100); an indicator left out keeps its "
                    "default weight. GET /risk/indicators lists the codes.")
    half_life_days: StrictFloat = Field(..., description="After this many days a rating "
                                                         "counts half (0.5–365).")
    window_days: StrictInt = Field(..., description="Older ratings count for nothing "
                                                    "(1–730).")
    case_weights: dict[str, StrictFloat] = Field(
        ..., description='Points per open case by alert level: {"1": …, "2": …, "3": …} '
                         "(0–100 each).")
    thresholds: list[StrictFloat] = Field(
        ..., description="Scores for Waspada, Siaga and Awas (three, each higher than the "
                         "one before).")


class PreviewIn(SettingsIn):
    weeks: StrictInt = Field(12, description="Weeks to compare, counting back from this "
                                             "week (1–52).")


class SaveSettingsIn(SettingsIn):
    auto_open_case: StrictBool = Field(
        ..., description="Open a case automatically when a district crosses a threshold.")


class SettingsOut(Schema):
    weights: dict[str, float] = Field(description="Every active indicator → its weight.")
    half_life_days: float
    window_days: int
    case_weights: dict[str, float] = Field(description="Alert level → points per open case.")
    thresholds: list[float] = Field(description="Waspada, Siaga, Awas.")
    auto_open_case: bool
    updated_at: datetime
    updated_by: str | None


class PreviewWeekOut(Schema):
    week: date = Field(description="The Monday of the week.")
    current: dict[str, int] = Field(description="Level → districts flagged with the "
                                                "current settings.")
    proposed: dict[str, int] = Field(description="Level → districts flagged with the "
                                                 "proposed settings.")
    alerts_current: int = Field(description="Upward crossings (alerts) that week.")
    alerts_proposed: int


class PreviewDifferenceOut(Schema):
    week: date
    district: str
    name: str
    current: int = Field(description="Level with the current settings.")
    proposed: int = Field(description="Level with the proposed settings.")


class PreviewOut(Schema):
    weeks: list[PreviewWeekOut]
    differences: list[PreviewDifferenceOut] = Field(
        description="Districts whose level differs (the last 50).")
    alerts: dict[str, int] = Field(description="Alerts over the whole period: current and "
                                               "proposed.")


CALIBRATION_ERRORS = {401: ErrorOut, 403: ErrorOut}

SETTINGS_ETAG = {"ETag": {"description": 'The settings\' entity tag, strong: "rs-<digest>" '
                                         "(changes with every save). Send it in If-Match "
                                         "to save the settings.",
                          "schema": {"type": "string"}}}
SETTINGS_IF_MATCH_DOCS = if_match_openapi(
    etag_header=SETTINGS_ETAG,
    if_match="Required: the settings' ETag as received (GET /risk/settings, or the answer to "
             "the previous save). Missing → 428; another state of the settings (someone "
             "saved since) → 412 and nothing is written; `*` matches any state.",
    malformed="The If-Match header is not valid (or the body is not a JSON object).",
    stale="Stale If-Match: someone saved the settings since; nothing was changed. The "
          "answer carries the current ETag.")


def _require_calibrator(user) -> None:
    if not access.may_calibrate(user):
        raise PermissionDenied(_("Only heads and admins at Pusat may calibrate the risk score."))


def _settings_etag(current) -> str:
    return f'"{services.settings_tag(current)}"'


def _settings_data(response: HttpResponse) -> dict:
    """The current settings as the API shows them; sets their ETag on ``response``."""
    from .models import RiskSettings

    current = RiskSettings.objects.select_related("updated_by").get(
        pk=RiskSettings.current().pk)
    params = current.params()
    response["ETag"] = _settings_etag(current)
    return {
        "weights": params.weights, "half_life_days": params.half_life_days,
        "window_days": params.window_days,
        "case_weights": {str(k): v for k, v in sorted(params.case_weights.items())},
        "thresholds": list(params.thresholds), "auto_open_case": current.auto_open_case,
        "updated_at": current.updated_at,
        "updated_by": current.updated_by.username if current.updated_by else None,
    }


def _expected_settings_tag(request: HttpRequest) -> tuple[str | None, HttpResponse | None]:
    """(the tag If-Match names — None for `*` —, or the error answer)."""
    return required_single_tag(
        request,
        missing=_("This request needs the header If-Match with the settings' ETag (from GET "
                  "/api/v1/risk/settings), so that it cannot overwrite someone else's change."),
        malformed=_("The If-Match header is not valid; send the settings' ETag as received, "
                    'e.g. "rs-0123456789abcdef0123".'))


def _values(payload: SettingsIn) -> dict:
    return {"weights": payload.weights, "half_life_days": payload.half_life_days,
            "window_days": payload.window_days, "case_weights": payload.case_weights,
            "thresholds": payload.thresholds}


@router.get("/risk/settings", response={200: SettingsOut, **CALIBRATION_ERRORS},
            summary="The risk score's settings (Pusat)",
            openapi_extra={"responses": {200: {"headers": SETTINGS_ETAG}}})
def get_settings(request: HttpRequest, response: HttpResponse):
    """Weights, half-life, window, open-case points, thresholds, as on the calibration
    page. Answers with the settings' ETag: send it in If-Match to save them."""
    _require_calibrator(request.auth)
    return _settings_data(response)


@router.post("/risk/calibration/preview",
             response={200: PreviewOut, **CALIBRATION_ERRORS, 400: ErrorOut, 422: ErrorOut},
             summary="Preview new settings: what would have been flagged (Pusat)")
def preview_calibration(request: HttpRequest, payload: PreviewIn):
    """The last `weeks` weeks recomputed with the current and the proposed settings:
    districts flagged per level each week, the alerts each would have raised and the
    districts whose level differs. Nothing is saved."""
    _require_calibrator(request.auth)
    preview = services.preview_settings(actor=request.auth, weeks=payload.weeks,
                                        **_values(payload))
    return {
        "weeks": [{"week": w["week"], "current": {str(k): v for k, v in w["current"].items()},
                   "proposed": {str(k): v for k, v in w["proposed"].items()},
                   "alerts_current": w["alerts_current"],
                   "alerts_proposed": w["alerts_proposed"]} for w in preview["weeks"]],
        "differences": preview["differences"],
        "alerts": preview["alerts"],
    }


@router.put("/risk/settings",
            response={200: SettingsOut, **CALIBRATION_ERRORS, 400: ErrorOut, 412: ErrorOut,
                      422: ErrorOut, 428: ErrorOut},
            summary="Save the risk score's settings (Pusat)",
            openapi_extra=SETTINGS_IF_MATCH_DOCS)
def save_settings(request: HttpRequest, payload: SaveSettingsIn, response: HttpResponse):
    """Replaces the settings (every field; an indicator left out of `weights` gets its
    default weight). Scores are recomputed at the next run of the job. 422 with every
    problem at once; nothing is saved. Needs If-Match with the settings' ETag (428
    without it; 412 when someone saved since, with the current ETag); answers with the
    new ETag."""
    _require_calibrator(request.auth)
    expected, refused = _expected_settings_tag(request)
    if refused is not None:
        return refused
    try:
        services.save_settings(actor=request.auth, auto_open_case=payload.auto_open_case,
                               expected_tag=expected, **_values(payload))
    except services.StaleSettings as exc:
        stale = error_response(412, _(
            "Someone else changed the risk settings since you read them. Nothing was "
            "changed. GET /api/v1/risk/settings again, review them and retry with the new "
            "ETag in If-Match."))
        stale["ETag"] = _settings_etag(exc.current)
        return stale
    return _settings_data(response)
