"""Early-warning pages (/deteksi-dini/): risk overview and map, area explanation,
situation reports, alerts (with the suggested case), calibration for Pusat."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from selaras.cases.forms import apply_service_errors
from selaras.cases.models import Case
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.regions.models import RegionLevel

from . import access, figures, selectors, services
from .forms import AlertCaseForm, CalibrationForm, ReportForm
from .models import ReportEvidence, RiskSettings


def _require_viewer(user) -> None:
    if access.prefixes(user) == ():
        raise PermissionDenied(_("Your role does not give access to early warning."))


def _area_from(request):
    code = request.GET.get("region", "").strip()
    if not code:
        return selectors.default_area(request.user)
    try:
        return selectors.visible_area(request.user, code)
    except ValidationError:
        raise Http404(_("No such area.")) from None


@login_required
@require_GET
def overview(request):
    user = request.user
    _require_viewer(user)
    region = _area_from(request)
    params = RiskSettings.current().params()
    risks = list(selectors.district_risks(user, region).filter(score__gt=0)[:2000])
    risk_map = figures.risk_map(
        risks, lambda code: reverse("earlywarning-area", args=[code]))
    trend = figures.trend_chart(selectors.weekly_trend(user, region), params.thresholds)
    context = {
        "region": region, "risks": risks[:50], "map": risk_map, "trend": trend,
        "risers": selectors.risers(user, region),
        "alerts": selectors.alerts_for(user).filter(
            district__code__startswith=region.code if region else "")[:10],
        "thresholds": params.thresholds,
        "can_report": access.may_report_anywhere(user),
        "can_calibrate": access.may_calibrate(user),
        "parent": _parent(user, region),
    }
    return render(request, "earlywarning/overview.html", context)


def _parent(user, region):
    if region is None or region.parent_id is None:
        return None
    return region.parent if access.may_view(user, region.parent_id) else None


@login_required
@require_GET
def area(request, code):
    user = request.user
    _require_viewer(user)
    try:
        region = selectors.visible_area(user, code)
    except ValidationError:
        raise Http404(_("No such area.")) from None
    risk = selectors.area_risk(user, region)
    params = RiskSettings.current().params()
    trend = figures.trend_chart(selectors.weekly_trend(user, region), params.thresholds)
    context = {
        "region": region, "risk": risk, "trend": trend, "thresholds": params.thresholds,
        "is_district": region.level == RegionLevel.DISTRICT,
        "level_label": services.level_label(risk.level),
        "reports": selectors.reports_for(user).filter(district__code__startswith=region.code)[:10],
        "alerts": selectors.alerts_for(user).filter(district__code__startswith=region.code)[:10],
        "parent": _parent(user, region),
        "half_life": params.half_life_days,
        "can_report_here": region.level == RegionLevel.DISTRICT
        and access.may_report(user, region.code),
    }
    return render(request, "earlywarning/area.html", context)


@login_required
@require_GET
def report_list(request):
    user = request.user
    _require_viewer(user)
    region = _area_from(request) if request.GET.get("region") else None
    reports = selectors.reports_for(user)
    if region is not None:
        reports = reports.filter(district__code__startswith=region.code)
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "earlywarning/report_list.html", {
        "page": page, "region": region, "can_report": access.may_report_anywhere(user)})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    user = request.user
    if not access.may_report_anywhere(user):
        raise PermissionDenied(_("Your role does not allow filing situation reports."))
    area_prefixes = access.prefixes(user, roles=access.case_access.CREATE_ROLES)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, area_prefixes=area_prefixes)
        if form.is_valid():
            try:
                report = services.create_report(actor=user, **form.service_values())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("district", str(exc))
            else:
                messages.success(request, _("Situation report saved. Thank you."))
                return redirect("earlywarning-report", pk=report.pk)
        status = 400
    else:
        initial = {}
        if request.GET.get("district", "").isdigit():
            initial["district"] = request.GET["district"]
        form = ReportForm(initial=initial, area_prefixes=area_prefixes)
    return render(request, "earlywarning/report_form.html", {"form": form}, status=status)


@login_required
@require_GET
def report_detail(request, pk):
    report = selectors.get_report(request.user, pk)
    evidence = ReportEvidence.objects.filter(report=report).first()
    ratings = sorted(report.ratings.all(), key=lambda r: (r.indicator.kind,
                                                          r.indicator.position))
    return render(request, "earlywarning/report_detail.html",
                  {"report": report, "ratings": ratings, "evidence": evidence})


@login_required
@require_GET
def report_evidence(request, pk):
    from selaras.evidence.http import attachment_response

    evidence, handle = services.open_report_evidence(request.user, pk)
    return attachment_response(evidence, handle)


@login_required
@require_GET
def alert_list(request):
    user = request.user
    _require_viewer(user)
    page = Paginator(selectors.alerts_for(user), 25).get_page(request.GET.get("page"))
    return render(request, "earlywarning/alert_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def alert_detail(request, pk):
    user = request.user
    alert = selectors.get_alert(user, pk)
    may_open = alert.case_id is None and access.may_report(user, alert.district_id)
    suggestion = services.suggested_case(alert)
    form = None
    status = 200
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied(_("You may not open a case from this alert."))
        form = AlertCaseForm(request.POST)
        if form.is_valid():
            try:
                case = services.open_case_for_alert(
                    actor=user, alert=alert, source_channel=suggestion["source_channel"],
                    **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except (PermissionDenied, ActionNotAllowed) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Case %(number)s is registered from the alert.")
                                 % {"number": case.number})
                return redirect("case-detail", number=case.number)
        status = 400
    elif may_open:
        form = AlertCaseForm(initial=suggestion)
    explanation = alert.explanation.get("contributions", [])
    case_ids = [c["ref"] for c in explanation if c["kind"] == "case"] + [alert.case_id]
    visible_cases = set(Case.objects.restrict(user, "view").filter(pk__in=case_ids)
                        .values_list("pk", flat=True))
    rows = _explanation_rows(explanation, visible_cases)
    case_visible = bool(alert.case_id) and alert.case_id in visible_cases
    return render(request, "earlywarning/alert_detail.html", {
        "alert": alert, "form": form, "rows": rows, "case_visible": case_visible,
        "level_label": services.level_label(alert.level)}, status=status)


def _explanation_rows(contributions, visible_cases) -> list[dict]:
    from .models import Indicator

    labels = {i.code: i.label for i in Indicator.objects.all()}
    rows = []
    for c in contributions:
        row = dict(c)
        if c["kind"] == "case":
            row["label"] = _("Open case at level %(level)d") % {"level": c["alert_level"]}
            if c["ref"] not in visible_cases:
                row["case_number"] = ""
        else:
            row["label"] = labels.get(c["indicator"], c["indicator"])
        rows.append(row)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def calibration(request):
    user = request.user
    if not access.may_calibrate(user):
        raise PermissionDenied(_("Only heads and admins at Pusat may calibrate the risk score."))
    current = RiskSettings.current()
    preview = None
    conflict = None
    status = 200
    if request.method == "POST":
        form = CalibrationForm(request.POST)
        if form.is_valid():
            values = form.service_values()
            try:
                if request.POST.get("action") == "save":
                    # The tag the page was loaded with; a page without one (loaded
                    # before the tag existed) counts as stale: its values may be old.
                    services.save_settings(
                        actor=user, auto_open_case=form.cleaned_data["auto_open_case"],
                        expected_tag=form.cleaned_data.get("settings_tag") or "", **values)
                    messages.success(request, _("Risk settings saved. Scores are recomputed "
                                                "at the next run of the job."))
                    return redirect("earlywarning-calibration")
                preview = services.preview_settings(
                    actor=user, weeks=form.cleaned_data.get("weeks") or 12, **values)
            except services.StaleSettings as exc:
                current = RiskSettings.objects.select_related("updated_by").get(
                    pk=exc.current.pk)
                conflict = form.differences_from(current)
                form.with_current_tag(current)
                form.add_error(None, exc.message)
                status = 409
            except ValidationError as exc:
                apply_service_errors(form, exc)
                status = 400
        else:
            status = 400
    else:
        form = CalibrationForm(initial=CalibrationForm.initial_from(current))
    return render(request, "earlywarning/calibration.html",
                  {"form": form, "preview": preview, "current": current,
                   "conflict": conflict}, status=status)
