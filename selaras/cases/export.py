"""Export of the (filtered) case list as CSV, XLSX or JSON, in constant memory.

Used by ``GET /api/v1/cases/export`` (``api_export.py``) and the web list's "Export"
button (``views_export.py``): the same filters as the list
(``selectors.CaseFilter.from_params``), the same scoping (``selectors.case_list``).

* Columns: the import template's ``CASE_COLUMNS`` (same headers, same cell formats; the
  case number under ``Nomor Referensi``) so an exported file re-imports as a no-op,
  then the read-only ``EXPORT_ONLY_HEADERS`` the import skips.
* Memory: rows come from ``.iterator(chunk_size=…)``; CSV and JSON are streamed as they
  are produced; XLSX is written by openpyxl's write-only mode into a temporary file,
  then streamed from it.
* Formula injection: a CSV/XLSX text cell that starts with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return gets a leading ``'`` so spreadsheets show it as text. JSON is
  plain data and is not altered.
* Personal data (reporter name and contact) is masked for roles that see it masked
  (``access.sees_personal_data``), as in the list.
* Every export is recorded as an audit security event (format, filters, rows).
* At most ``settings.EXPORT_MAX_ROWS`` rows (default 200,000): more → ValidationError
  (422 in the API) asking for narrower filters.
"""

import csv
import json
import tempfile
from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError
from selaras.imports.columns import CASE_COLUMNS, EXPORT_ONLY_HEADERS

from . import access, selectors

FORMATS = ("csv", "xlsx", "json")
CHUNK_SIZE = 500
DEFAULT_MAX_ROWS = 200_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}

# Export-only columns: (header from EXPORT_ONLY_HEADERS, JSON key).
EXTRA_FIELDS = {
    "Nama Kategori": "category_name",
    "Nama Wilayah": "location_name",
    "Kode Unit Penanganan": "handling_unit",
    "Unit Penanganan": "handling_unit_name",
    "Rahasia": "confidential",
    "Tenggat": "due_at",
    "Dibuat": "created_at",
    "Diperbarui": "updated_at",
}
HEADERS = [c.header for c in CASE_COLUMNS] + list(EXPORT_ONLY_HEADERS)
KEYS = [c.field for c in CASE_COLUMNS] + [EXTRA_FIELDS[h] for h in EXPORT_ONLY_HEADERS]


def max_rows() -> int:
    return getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def neutralise(value):
    """A text that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _moment(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def record(case, user) -> dict:
    """One case as export data (JSON types: lists, ints, booleans), keyed like KEYS."""
    personal = access.sees_personal_data(user, case)

    def private(value: str) -> str:
        return value if personal else access.mask(value)

    values = {
        "reference": case.number,
        "title": case.title,
        "chronology": case.chronology,
        "category": case.category_id,
        "subcategory": case.subcategory_id or "",
        "occurred_at": _day(case.occurred_at),
        "reported_at": _day(case.reported_at),
        "location": case.location_id,
        "address": case.address,
        "alert_level": case.alert_level,
        "scope": case.scope,
        "religions": list(case.religions or []),
        "status": case.status,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "reject_reason": case.reject_reason,
        "closed_at": _day(case.closed_at),
        "reporter_name": private(case.reporter_name),
        "reporter_contact": private(case.reporter_contact),
        "source_channel": case.source_channel,
        "category_name": case.category.name,
        "location_name": case.location.name,
        "handling_unit": case.handling_unit.code,
        "handling_unit_name": case.handling_unit.name,
        "confidential": case.confidential,
        "due_at": _moment(case.due_at),
        "created_at": _moment(case.created_at),
        "updated_at": _moment(case.updated_at),
    }
    return {key: values[key] for key in KEYS}


def _cell(value):
    """A spreadsheet cell in the import template's format."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        value = ";".join(value)
    return neutralise(value)


def _rows(queryset, user) -> Iterator[dict]:
    for case in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield record(case, user)


class _Echo:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value):
        return value


def _csv_stream(queryset, user) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    # A byte order mark: Excel then reads the file as UTF-8.
    yield ("\ufeff" + writer.writerow(HEADERS)).encode("utf-8")
    for row in _rows(queryset, user):
        yield writer.writerow([_cell(row[key]) for key in KEYS]).encode("utf-8")


def _json_stream(queryset, user, count: int) -> Iterator[bytes]:
    columns = json.dumps(dict(zip(KEYS, HEADERS, strict=True)), ensure_ascii=False)
    yield f'{{"count": {count:d}, "columns": {columns}, "items": ['.encode()
    first = True
    for row in _rows(queryset, user):
        yield (("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)).encode()
        first = False
    yield b"\n]}\n"


def _xlsx_file(queryset, user):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value):
        value = _cell(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kasus")
    sheet.append(HEADERS)
    for row in _rows(queryset, user):
        sheet.append([clean(row[key]) for key in KEYS])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # removed when the response closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(fmt: str) -> str:
    return f"selaras-kasus-{timezone.localdate():%Y%m%d}.{fmt}"


def _filters_for_audit(params) -> dict:
    ignore = {"format", "page", "page_size", "cursor", "csrfmiddlewaretoken"}
    if hasattr(params, "lists"):
        return {k: v if len(v) > 1 else v[0] for k, v in params.lists() if k not in ignore}
    return {k: v for k, v in dict(params).items() if k not in ignore}


def export_response(user, params, fmt: str, *, channel: str):
    """The file response for ``user``'s case list filtered by ``params`` (a QueryDict).

    Raises ValidationError for an unknown format, bad filters or too many rows.
    """
    if fmt not in FORMATS:
        raise ValidationError({"format": [_("Choose one of: %(v)s.") % {
            "v": ", ".join(FORMATS)}]})
    flt = selectors.CaseFilter.from_params(params)
    queryset = selectors.case_list(user, flt).select_related("subcategory")
    count = queryset.count()
    limit = max_rows()
    if count > limit:
        raise ValidationError({"__all__": [_(
            "This export would have %(count)s rows; at most %(limit)s are allowed. Narrow the "
            "filters (e.g. by date or region) and export in parts.") % {
                "count": f"{count:,}", "limit": f"{limit:,}"}]})
    from selaras.audit.services import security

    security("export", actor=user, object_type="case", data={
        "format": fmt, "filters": _filters_for_audit(params), "rows": count,
        "channel": channel})
    name = filename(fmt)
    if fmt == "xlsx":
        return FileResponse(_xlsx_file(queryset, user), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES["xlsx"])
    stream = (_csv_stream(queryset, user) if fmt == "csv"
              else _json_stream(queryset, user, count))
    response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
