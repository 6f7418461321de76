"""API v1: export of the filtered case list (CSV, XLSX, JSON) — see ``export.py``.

Registered in ``selaras/api.py`` before the cases router, so ``/cases/export`` is not
taken for a case number by ``/cases/{number}``.
"""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router

from selaras.core.api import ErrorOut

from . import export
from .api import _no_nul_in_query
from .schemas import CaseListQuery

router = Router(tags=["cases"])


class ExportQuery(CaseListQuery):
    """The case list's filters (page, page_size and cursor are ignored) and the format."""

    format: Literal["csv", "xlsx", "json"] = Field(
        "csv", description="csv (UTF-8 with BOM), xlsx or json.")


_STRING = {"type": "string"}
_JSON_ROW = {
    "type": "object",
    "description": "One case; keys as in `columns` (the import template's fields).",
    "additionalProperties": True,
}
EXPORT_RESPONSE = {
    "description": (
        "The file, as an attachment named `selaras-kasus-YYYYMMDD.<format>`. Columns: the "
        "import template's columns (the case number under `Nomor Referensi`, so the file "
        "re-imports as a no-op) and read-only columns the import skips. Spreadsheet cells "
        "starting with =, +, -, @, tab or CR are prefixed with `'`. Reporter name and "
        "contact are masked for roles that see personal data masked."),
    "headers": {"Content-Disposition": {"schema": _STRING,
                                        "description": "attachment; filename=…"}},
    "content": {
        "text/csv": {"schema": _STRING},
        export.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {
            "type": "object",
            "required": ["count", "columns", "items"],
            "properties": {
                "count": {"type": "integer"},
                "columns": {"type": "object", "additionalProperties": _STRING,
                            "description": "JSON key → spreadsheet header."},
                "items": {"type": "array", "items": _JSON_ROW},
            },
        }},
    },
}


@router.get(
    "/cases/export",
    response={401: ErrorOut, 422: ErrorOut},
    summary="Export the (filtered) case list",
    openapi_extra={"responses": {"200": EXPORT_RESPONSE}},
)
def export_cases(request: HttpRequest, params: Query[ExportQuery]):
    """The cases you can see, with the case list's filters, as one file streamed in
    constant memory. More rows than the configured maximum (`EXPORT_MAX_ROWS`, default
    200,000) → 422: narrow the filters. Each export is recorded in the audit trail."""
    _no_nul_in_query(request)
    return export.export_response(request.auth, request.GET, params.format, channel="api")
