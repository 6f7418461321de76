"""Web endpoints for attachments: upload on the case page, download through the
permission check. Thin: the service judges the file, the selector decides who may
open it, ``http.attachment_response`` serves it as a download (never rendered)."""

from django.contrib.auth.decorators import login_required
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selaras.cases import access
from selaras.cases.selectors import get_case
from selaras.core.errors import PermissionDenied
from selaras.handling.views import submit

from . import services
from .forms import AttachmentForm
from .http import attachment_response
from .selectors import open_attachment


@login_required
@require_POST
def attachment_add(request, number):
    case = get_case(request.user, number)
    if not access.can(request.user, "add_note", case):
        raise PermissionDenied(_("Your role does not allow adding attachments to this case."))
    form = AttachmentForm(request.POST, request.FILES)
    return submit(
        request, case, key="attachment_form", form=form, anchor="attachments",
        call=lambda f: services.add_attachment(
            actor=request.user, case=case, uploaded_file=f.cleaned_data["file"],
            kind=f.cleaned_data["kind"], description=f.cleaned_data.get("description", "")),
        success=lambda a: _("“%(name)s” (%(size)s) is attached. Its SHA-256 fingerprint is in "
                            "the timeline.") % {"name": a.original_name,
                                                "size": filesizeformat(a.size)},
    )


@login_required
@require_GET
def attachment_download(request, number, attachment_id):
    attachment, handle = open_attachment(request.user, number, attachment_id)
    return attachment_response(attachment, handle)
