"""API v1: the case report PDF and the report forms per level.

Both are rendered from the case as the caller may see it (``reports.data.collect``
re-reads it through ``get_case``: 404 outside jurisdiction; personal data masked for
roles without access to it) and leave as a download that no cache keeps.
"""

from django.http import HttpRequest, HttpResponse
from ninja import Router

from selaras.audit.access_log import log_personal_data_view
from selaras.cases.api_handling import no_nul_in_query, visible_case
from selaras.core.api import ErrorOut, error_response
from selaras.evidence.http import content_disposition

from . import case_pdf, level_report

router = Router(tags=["reports"])


@router.get(
    "/cases/{number}/report.pdf",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The case report (PDF)",
    openapi_extra={
        "parameters": [{
            "in": "query", "name": "level", "required": False,
            "schema": {"type": "string", "enum": list(level_report.LEVELS)},
            "description": "Instead of the case report: the structured report the KUA, "
                           "Kankemenag or Kanwil in the case's chain of offices sends to "
                           "the office above it.",
        }],
        "responses": {"200": {
            "description": "The PDF, as a download.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }},
    },
)
def case_report(request: HttpRequest, number: str):
    """The case file (identity, chronology, parties, impact, actions, agreements, referrals,
    timeline), or with `?level=kua|kankemenag|kanwil` the report form of that level. 400
    when the case has no office of that level in its chain (the message says why)."""
    no_nul_in_query(request)
    user = request.auth
    case = visible_case(user, number)
    log_personal_data_view(request, case=case, via="api_report_pdf")
    level = request.GET.get("level", "")
    if level:
        try:
            pdf = level_report.render_level_report(case=case, user=user, level=level)
        except ValueError as exc:
            return error_response(400, str(exc))
        filename = level_report.report_filename(case, level)
    else:
        pdf = case_pdf.render_case_report(case=case, user=user)
        filename = case_pdf.report_filename(case)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
