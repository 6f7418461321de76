"""Downloads of the case report and the report forms per level (PDF).

The case is fetched with ``get_case`` (404 outside jurisdiction) and the report
renders it again through its own scoped reads; personal data is masked for
roles that do not see it. The PDF is a download (``Content-Disposition:
attachment``) and never cached by shared caches.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from selaras.audit.access_log import log_personal_data_view
from selaras.cases.selectors import get_case
from selaras.evidence.http import content_disposition

from . import case_pdf, level_report


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def case_report(request, number):
    case = get_case(request.user, number)
    log_personal_data_view(request, case=case, via="case_report_pdf")
    content = case_pdf.render_case_report(case=case, user=request.user)
    return pdf_response(content, case_pdf.report_filename(case))


@login_required
@require_GET
def level_report_pdf(request, number, level):
    case = get_case(request.user, number)
    log_personal_data_view(request, case=case, via="level_report_pdf")
    try:
        content = level_report.render_level_report(case=case, user=request.user, level=level)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("case-detail", args=[case.number]) + "#documents")
    return pdf_response(content, level_report.report_filename(case, level))
