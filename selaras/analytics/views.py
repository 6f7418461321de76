"""Analytics pages: dashboard, map, hotspots, response times, data quality, recaps.

Thin views: parse the filter, call the figure functions over ``scope.counted_cases``
(numbers) or ``scope.listed_cases`` (anything that names a case), render.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from selaras.cases.forms import apply_service_errors
from selaras.cases.models import Status
from selaras.core.errors import ValidationError
from selaras.evidence.http import content_disposition

from . import charts, figures, hotspots, mapdata, quality, recap, response, scope
from .filters import DashboardFilter
from .forms import DashboardForm


def _filtered(request):
    """(filter or None, form) from the query string."""
    flt, errors = None, None
    try:
        flt = DashboardFilter.from_params(request.GET)
    except ValidationError as exc:
        errors = exc
    form = DashboardForm(
        request.GET or None,
        area_prefixes=scope.user_area_prefixes(request.user),
        selected_region=flt.region if flt else "",
    )
    if errors is not None:
        apply_service_errors(form, errors)
    return flt, form


def _page(request, template: str, context: dict, flt):
    context.setdefault("form", None)
    context["filter"] = flt
    context["query"] = flt.query_string() if flt else ""
    context["sees_parties"] = scope.sees_party_recurrence(request.user)
    return render(request, template, context, status=200 if flt else 400)


@login_required
@require_GET
def dashboard(request):
    flt, form = _filtered(request)
    context = {"form": form}
    if flt:
        user = request.user
        summary = figures.compute_summary(scope.counted_cases(user), flt,
                                          scope.listed_cases(user),
                                          hidden=scope.hidden_cases(user))
        context.update({
            "s": summary,
            "status_max": figures.scale(summary.by_status),
            "level_max": figures.scale(summary.by_level),
            "category_max": figures.scale(summary.by_category),
            "stage_max": figures.scale(summary.by_stage),
            "unit_max": figures.scale(summary.open_by_unit),
        })
        context["chart"] = charts.month_columns(
            summary.months, max([m.new for m in summary.months]
                                + [m.resolved for m in summary.months] + [1]))
    return _page(request, "analytics/dashboard.html", context, flt)


@login_required
@require_GET
def case_map(request):
    flt, form = _filtered(request)
    context = {"form": form}
    if flt:
        context["map"] = mapdata.build_map(scope.counted_cases(request.user), flt)
    response_ = _page(request, "analytics/map.html", context, flt)
    origin = mapdata.tile_origin()
    if origin:
        from django.conf import settings

        config = {k: list(v) for k, v in settings.SECURE_CSP.items()}
        config["img-src"] = [*config.get("img-src", []), origin]
        response_._csp_config = config
    return response_


@login_required
@require_GET
def hotspot_page(request):
    flt, form = _filtered(request)
    context = {"form": form}
    if flt:
        user = request.user
        context["hotspots"] = hotspots.district_hotspots(scope.counted_cases(user), flt)
        if scope.sees_party_recurrence(user):
            context["parties"] = hotspots.recurring_parties(scope.listed_cases(user), flt)
    return _page(request, "analytics/hotspots.html", context, flt)


@login_required
@require_GET
def response_page(request):
    flt, form = _filtered(request)
    context = {"form": form}
    if flt:
        rt = response.response_times(scope.counted_cases(request.user), flt,
                                     depth=scope.report_depth(request.user))
        context.update({
            "rt": rt,
            "steps": response.STEPS,
            "tables": [(_("Overall and by alert level"), [rt.overall, *rt.by_level]),
                       (_("By handling office"), rt.by_unit)],
        })
    return _page(request, "analytics/response.html", context, flt)


@login_required
@require_GET
def quality_page(request):
    flt, form = _filtered(request)
    context = {"form": form}
    if flt:
        user = request.user
        counted = scope.counted_cases(user)
        listed = scope.listed_cases(user)
        depth = scope.report_depth(user)
        on_time = response.on_time_share_by_unit(counted, flt, depth)
        context.update({
            "incomplete": quality.incomplete_cases(listed, flt),
            "stale": quality.stale_cases(listed, flt),
            "stale_days": quality.STALE_DAYS,
            "adoption": quality.adoption(scope.visible_units(user), counted, flt, on_time,
                                         depth),
            "rule_rows": [
                (Status(status).label, [quality.CHECKS[f][0] for f in req],
                 [quality.CHECKS[f][0] for f in rec])
                for status, (req, rec) in quality.FIELD_RULES.items()],
        })
    return _page(request, "analytics/quality.html", context, flt)


@login_required
@require_GET
def recap_page(request):
    """The recap form; with ``unit``, ``period`` and ``format`` the file itself."""
    user = request.user
    # The user's offices and two levels below (Pusat: ~550 offices); deeper offices'
    # recaps are reachable with ?unit=<code> (and from their own parents' members).
    max_depth = scope.report_depth(user) + 1
    units = [u for u in scope.visible_units(user).only("code", "name", "path").order_by("path")
             if scope.path_depth(u.path) <= max_depth]
    errors: dict[str, list[str]] = {}
    unit_code = request.GET.get("unit", "").strip()[:20]
    period = request.GET.get("period", "").strip()[:10]
    fmt = request.GET.get("format", "pdf").strip()
    if unit_code or period:
        unit = scope.visible_unit(user, unit_code)
        if unit is None:
            # Another office's recap does not exist for this user.
            raise Http404
        if fmt not in ("pdf", "xlsx"):
            errors["format"] = ["PDF / XLSX"]
        try:
            recap.parse_period(period)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if not errors:
            data = recap.generate_recap(unit, period)
            if fmt == "xlsx":
                body = recap.render_recap_xlsx(data)
                content_type = ("application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet")
            else:
                body = recap.render_recap_pdf(data)
                content_type = "application/pdf"
            answer = HttpResponse(body, content_type=content_type)
            answer["Content-Disposition"] = content_disposition(recap.filename(data, fmt))
            answer["Cache-Control"] = "private, no-store"
            return answer
    return render(request, "analytics/recap.html", {
        "units": units, "errors": errors, "unit_code": unit_code, "period": period,
        "format": fmt, "sees_parties": scope.sees_party_recurrence(user), "filter": None,
        "query": "",
    }, status=400 if errors else 200)

