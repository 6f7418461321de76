"""API v1: imports of legacy cases and master data (see docs/api.md, "Import").

The API only takes JSON bodies, so the file travels base64-encoded:
``POST /api/v1/imports {"kind", "file_name", "content_base64", "dry_run"}``.
A dry run answers 200 with the report (status ``valid`` or ``invalid``, every row
error); ``dry_run: false`` checks and writes in one transaction: 201 with status
``committed``, or 200 with status ``failed`` and the errors (nothing written).
``POST /api/v1/imports/{id}/commit`` commits a checked batch without sending the
file again.

Writing users and memberships (kind ``users``) hands out roles. An API token cannot
re-authenticate, so it may check such a file but never write it (403); the browser
session (the docs page's "Try it out") may, within ``REAUTHENTICATION_SECONDS`` of a
password or MFA step, like a role change in the admin.
"""

import base64
import binascii
from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictStr

from selaras.accounts import reauth
from selaras.core.api import ErrorOut, paginate
from selaras.core.errors import PermissionDenied, ValidationError
from selaras.evidence.http import content_disposition

from . import selectors, services, template_files
from .models import BatchStatus, ImportBatch
from .reader import MAX_BYTES

router = Router(tags=["imports"])

KindLiteral = Literal["cases", "units", "users", "counsellors"]


class ImportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: KindLiteral = Field(description="What the file holds: cases (legacy cases), units, "
                                          "users (with memberships) or counsellors (penyuluh).")
    file_name: StrictStr = Field(max_length=255, description="Ends in .xlsx or .csv.")
    content_base64: StrictStr = Field(description="The file, base64-encoded (at most 5 MB decoded; "
                                            "the request body itself is limited to 2 MB by "
                                            "default).")
    dry_run: StrictBool = Field(True, description="true: check only (nothing is written). false: "
                                            "check and write in one transaction.")


class RowErrorOut(Schema):
    row: int | None = Field(None, description="Spreadsheet row (the header is row 1); null for "
                                              "a problem with the whole file.")
    column: str | None = Field(None, description="Column header; null for the whole row/file.")
    message: str


class ImportBatchOut(Schema):
    id: int
    kind: str
    status: str = Field(description="valid (checked, may be committed), invalid (checked, has "
                                    "errors), committed, failed (commit refused, nothing "
                                    "written).")
    dry_run: bool
    file_name: str
    sha256: str
    size: int
    created_by: str
    created_at: datetime
    committed_by: str | None = None
    committed_at: datetime | None = None
    rows: int
    created: int = Field(description="Records created (a dry run: would create).")
    updated: int = Field(description="Records updated (master data).")
    skipped: int = Field(description="Rows already present (imported before, unchanged).")
    error_count: int
    errors: list[RowErrorOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class ImportBatchPage(Schema):
    items: list[ImportBatchOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class CounsellorOut(Schema):
    id: int
    name: str
    nip: str
    unit: str = Field(description="Unit code.")
    districts: list[str] = Field(description="Codes of the districts served.")
    phone: str
    is_active: bool


class CounsellorPage(Schema):
    items: list[CounsellorOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class TemplateQuery(Schema):
    format: Literal["xlsx", "csv"] = "xlsx"


def batch_data(batch: ImportBatch) -> dict:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "dry_run": batch.is_dry_run,
        "file_name": batch.file_name,
        "sha256": batch.sha256,
        "size": batch.size,
        "created_by": batch.created_by.username,
        "created_at": batch.created_at,
        "committed_by": batch.committed_by.username if batch.committed_by_id else None,
        "committed_at": batch.committed_at,
        "rows": batch.row_count,
        "created": batch.create_count,
        "updated": batch.update_count,
        "skipped": batch.skip_count,
        "error_count": batch.error_count,
        "errors": batch.errors,
    }


def _bearer(request: HttpRequest) -> bool:
    scheme, _sep, _rest = request.headers.get("Authorization", "").strip().partition(" ")
    return scheme.lower() == "bearer"


def _reauthenticated(request: HttpRequest, kind: str) -> bool:
    """Whether this request counts as re-authenticated for writing ``kind``. Users and
    memberships are never written with an API token (403); a browser session counts
    within ``REAUTHENTICATION_SECONDS`` of a password/MFA step (the service refuses
    otherwise)."""
    if not services.needs_reauthentication(kind):
        return False
    if _bearer(request):
        raise PermissionDenied(_("Users and memberships cannot be imported with an API token: "
                                 "check the file here if you like (dry run), then commit it "
                                 "on the import page after confirming your password."))
    return reauth.recently_authenticated(request)


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
          413: ErrorOut, 422: ErrorOut}


def decode_content(text: str) -> bytes:
    if len(text) > (MAX_BYTES * 4) // 3 + 8:
        raise ValidationError({"content_base64": _("The file is too large: at most %(mb)d MB.")
                               % {"mb": MAX_BYTES // (1024 * 1024)}})
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"content_base64": _("Not valid base64.")}) from None


@router.post("/imports", response={200: ImportBatchOut, 201: ImportBatchOut, **ERRORS},
             summary="Import a file (dry run or commit)")
def create_import(request: HttpRequest, payload: ImportIn):
    """Check (dry run) or import an XLSX/CSV file built from the template of its kind.
    Every row error comes back with its row number and column. Writing `users` (roles)
    is refused to API tokens (403): commit those on the import page."""
    content = decode_content(payload.content_base64)
    reauthenticated = not payload.dry_run and _reauthenticated(request, payload.kind)
    batch = services.start_import(actor=request.auth, kind=payload.kind,
                                  file_name=payload.file_name, content=content,
                                  dry_run=payload.dry_run, reauthenticated=reauthenticated)
    return Status(201 if batch.status == BatchStatus.COMMITTED else 200, batch_data(batch))


@router.get("/imports", response={200: ImportBatchPage, 401: ErrorOut, 422: ErrorOut},
            summary="Import history")
def list_imports(request: HttpRequest, params: Query[PageQuery]):
    """Batches you uploaded, newest first (heads and admins at Pusat see every batch)."""
    page = paginate(request, selectors.batch_list(request.auth), page=params.page,
                    page_size=params.page_size)
    page["items"] = [batch_data(b) for b in page["items"]]
    return page


@router.get("/counsellors",
            response={200: CounsellorPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
            summary="Religious counsellors (penyuluh)", tags=["imports"])
def list_counsellors(request: HttpRequest, params: Query[PageQuery]):
    """Counsellors of the offices in your subtrees (Pusat: all), as imported. Like the
    counsellors page: only for roles that may import (403 otherwise)."""
    if not services.importable_kinds(request.auth):
        raise PermissionDenied(_("Your role does not allow imports."))
    page = paginate(request, selectors.counsellor_list(request.auth), page=params.page,
                    page_size=params.page_size)
    page["items"] = [{
        "id": c.pk, "name": c.name, "nip": c.nip, "unit": c.unit.code,
        "districts": sorted(d.code for d in c.districts.all()), "phone": c.phone,
        "is_active": c.is_active,
    } for c in page["items"]]
    return page


@router.get("/imports/{batch_id}",
            response={200: ImportBatchOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            summary="One import batch")
def get_import(request: HttpRequest, batch_id: int):
    """A batch you uploaded (heads and admins at Pusat see every batch)."""
    return batch_data(selectors.get_batch(request.auth, batch_id))


@router.post("/imports/{batch_id}/commit",
             response={200: ImportBatchOut, 201: ImportBatchOut, **ERRORS},
             summary="Commit a checked batch")
def commit_import(request: HttpRequest, batch_id: int):
    """Write a batch whose dry run was `valid`, from the file stored with it: 201 committed,
    or 200 `failed` with the errors found now (nothing written); 409 if it is not `valid`."""
    batch = selectors.get_batch(request.auth, batch_id)
    batch = services.commit_batch(actor=request.auth, batch=batch,
                                  reauthenticated=_reauthenticated(request, batch.kind))
    return Status(201 if batch.status == BatchStatus.COMMITTED else 200, batch_data(batch))


@router.get(
    "/imports/templates/{kind}",
    response={401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Download an import template",
    openapi_extra={"responses": {"200": {
        "description": "The template (XLSX with a 'Petunjuk' sheet, or CSV headers).",
        "content": {
            template_files.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }}},
)
def download_template(request: HttpRequest, kind: KindLiteral, params: Query[TemplateQuery]):
    """The empty template of a kind, with its column meanings and code lists."""
    content, content_type = template_files.template_bytes(kind, params.format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        template_files.file_name(kind, params.format))
    response["X-Content-Type-Options"] = "nosniff"
    return response
