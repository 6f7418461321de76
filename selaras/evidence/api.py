"""API v1: attachments (evidence) of a case — list, upload (multipart), download.

Uploads go through ``services.add_attachment``, which judges the file on its content
(allow-list), its size and its name, and stores nothing when it refuses (422, the
reason under ``errors.file``). Downloads go through ``selectors.open_attachment`` (the
case must be visible: 404 otherwise; the role must see personal data: 403 otherwise)
and ``http.attachment_response`` (always ``Content-Disposition: attachment``).
"""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from selaras.cases.api_handling import READ_ERRORS, WRITE_ERRORS, object_id, visible_case
from selaras.cases.schemas import local
from selaras.core.api import ErrorOut, error_response

from . import selectors, services
from .http import attachment_response
from .models import Attachment

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    kind: str = Field(description="notulen, foto, dokumen, audio or lainnya.")
    file_name: str = Field(description="The name it was uploaded with (for display).")
    content_type: str = Field(description="The type detected from the content.")
    size: int = Field(description="Bytes.")
    sha256: str
    description: str
    uploaded_by: str | None
    uploaded_at: datetime
    download_url: str = Field(description="GET it (needs a role that sees personal data).")


class AttachmentList(Schema):
    items: list[AttachmentOut]
    count: int


def attachment_data(attachment: Attachment, case) -> dict:
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "file_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "description": attachment.description,
        "uploaded_by": attachment.uploaded_by.username if attachment.uploaded_by_id else None,
        "uploaded_at": local(attachment.uploaded_at),
        "download_url": reverse("api-v1:attachment-download",
                                kwargs={"number": case.number, "attachment_id": attachment.pk}),
    }


@router.get("/cases/{number}/attachments", response={200: AttachmentList, **READ_ERRORS},
            summary="The case's attachments")
def list_attachments(request: HttpRequest, number: str):
    """Name, type, size and SHA-256 of each file; analysts see the list but may not
    download the files (they are personal data)."""
    case = visible_case(request.auth, number)
    items = [attachment_data(a, case) for a in selectors.case_attachments(case)]
    return {"items": items, "count": len(items)}


@router.post(
    "/cases/{number}/attachments", response={201: AttachmentOut, **WRITE_ERRORS},
    summary="Upload an attachment (multipart/form-data)",
)
def upload_attachment(
    request: HttpRequest,
    number: str,
    file: File[UploadedFile] = None,
    kind: Form[str] = "",
    description: Form[str] = "",
):
    """Send `multipart/form-data` with `file`, `kind` (notulen, foto, dokumen, audio,
    lainnya) and `description` (optional). Accepted: images (JPEG, PNG, WebP), PDF, office
    documents (DOCX, XLSX, ODT, …), plain text and audio (MP3, M4A, OGG, WAV), judged on
    the content, not the name; at most the server's size limit (20 MB by default).
    Anything else — a program or a web page renamed `.jpg`, an oversized or empty file — is
    refused with 422 and a reason under `errors.file`; nothing is stored. The timeline
    records the file's SHA-256."""
    if not (request.content_type or "").lower().startswith("multipart/form-data"):
        return error_response(400, _(
            "Send the file as multipart/form-data with the fields 'file', 'kind' and "
            "'description'."))
    user = request.auth
    case = visible_case(user, number)
    attachment = services.add_attachment(actor=user, case=case, uploaded_file=file, kind=kind,
                                         description=description)
    attachment.uploaded_by = user
    return Status(201, attachment_data(attachment, case))


@router.get(
    "/cases/{number}/attachments/{attachment_id}/download",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    url_name="attachment-download",
    summary="Download an attachment",
    openapi_extra={"responses": {"200": {
        "description": "The file, as a download (Content-Disposition: attachment).",
        "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}},
    }}},
)
def download_attachment(request: HttpRequest, number: str, attachment_id: str):
    """The file as it was uploaded, always as a download. 404 when the case is not
    visible to you or has no such attachment; 403 for roles that may not open personal
    data (analysts, auditors)."""
    if "\x00" in number:
        raise Http404(_("No case with that number."))
    pk = object_id(attachment_id, _("No such attachment."))
    attachment, handle = selectors.open_attachment(request.auth, number, pk)
    return attachment_response(attachment, handle)
