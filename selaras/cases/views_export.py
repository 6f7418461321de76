"""The case list's "Export" button: the same export as ``GET /api/v1/cases/export``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from selaras.core.errors import ValidationError

from . import export


@login_required
@require_GET
def case_export(request):
    """The filtered case list as a file; bad filters or too many rows → back to the list
    with the reason."""
    params = request.GET.copy()
    fmt = params.pop("format", ["csv"])[-1]
    try:
        return export.export_response(request.user, request.GET, fmt, channel="web")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        query = params.urlencode()
        return redirect(reverse("case-list") + (f"?{query}" if query else ""))
