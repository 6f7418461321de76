"""Reads of attachments, shared by the web UI and the API.

The case is always fetched through ``selaras.cases.selectors.get_case`` (which
starts from ``Case.objects.restrict``): outside the user's jurisdiction the case,
and so its attachments, do not exist (404).

Downloading the file itself needs more than seeing the case: attachments are
photos of people, minutes with names, recordings — personal data. Only users
who see a case's personal data unmasked (``access.sees_personal_data``: pelapor,
penangan, kepala) may open them; analysts and auditors see the list (name,
type, size, SHA-256) but get 403 on the file.
"""

import logging

from django.http import Http404
from django.utils.translation import gettext as _

from selaras.audit.access_log import log_personal_data_view
from selaras.cases import access as case_access
from selaras.cases.selectors import get_case
from selaras.core.errors import PermissionDenied

from .models import Attachment
from .storage import attachment_storage

logger = logging.getLogger(__name__)


def case_attachments(case):
    """The attachments of a case the caller already fetched through the case selectors."""
    return Attachment.objects.filter(case=case).select_related("uploaded_by").order_by(
        "uploaded_at", "id")


def may_open_attachments(user, case) -> bool:
    return case_access.sees_personal_data(user, case)


def get_attachment(user, case_number: str, attachment_id) -> Attachment:
    """An attachment of a visible case, or Http404."""
    case = get_case(user, case_number)
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise Http404(_("No such attachment.")) from None
    attachment = Attachment.objects.filter(case=case, pk=pk).select_related("case").first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    attachment.case = case
    return attachment


def open_attachment(user, case_number: str, attachment_id):
    """``(attachment, open binary file)`` for a user allowed to download it.

    Http404 when the case is not visible or has no such attachment (or its file is
    missing from storage); PermissionDenied when the case is visible but the user
    may not open its files. The caller closes the file (``FileResponse`` does).
    """
    attachment = get_attachment(user, case_number, attachment_id)
    if not may_open_attachments(user, attachment.case):
        raise PermissionDenied(_("Your role does not allow opening the attachments of this "
                                 "case."))
    log_personal_data_view(user, attachment=attachment, via="attachment_download")
    try:
        handle = attachment_storage().open(attachment.stored_name, "rb")
    except FileNotFoundError:
        logger.error("Attachment %s (%s) has no file in storage", attachment.pk,
                     attachment.stored_name)
        raise Http404(_("The file of this attachment is missing. Tell the administrator.")) \
            from None
    return attachment, handle
