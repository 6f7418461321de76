"""Reading an uploaded XLSX or CSV file into rows of text, safely.

* XLSX is read with openpyxl in ``read_only`` mode, first sheet only, formulas NOT
  evaluated: a cell holding ``=1+1`` arrives as the text ``=1+1``.
* CSV: UTF-8 (with or without BOM), falling back to Windows-1252; comma, semicolon or
  tab separated.
* Limits: ``MAX_BYTES`` per file and ``MAX_ROWS`` data rows; anything else that is not
  a readable table is a ``FileProblem`` with a clear message (never a 500).

Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from .columns import EXPORT_ONLY_HEADERS, HEADER_ALIASES, Column

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60


class FileProblem(Exception):
    """The file as a whole cannot be used (wrong type, empty, too big, bad headers)."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class Table:
    # field name → header as written in the file
    headers: dict[str, str]
    # (row number, {field: text})
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def file_format(file_name: str) -> str:
    name = (file_name or "").lower().strip()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    raise FileProblem(_("Upload an .xlsx or .csv file (this file is named '%(name)s').")
                      % {"name": file_name or "?"})


def read_table(content: bytes, file_name: str, columns: tuple[Column, ...]) -> Table:
    kind = file_format(file_name)
    if not content:
        raise FileProblem(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileProblem(_("The file is too large: at most %(mb)d MB.")
                          % {"mb": MAX_BYTES // (1024 * 1024)})
    raw_rows = _xlsx_rows(content) if kind == "xlsx" else _csv_rows(content)
    return _to_table(raw_rows, columns)


# --------------------------------------------------------------------------- cells


def cell_text(value) -> str:
    """A cell as text: dates as ISO, whole numbers without '.0', never a formula result."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        if value.time() == time.min:
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    # NUL cannot be stored in PostgreSQL text; it never belongs in a cell.
    return unneutralise(str(value).replace("\x00", "").strip())


# The case export puts a "'" before text a spreadsheet would run as a formula; the
# import takes it off again (the text is stored as text either way).
NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith(NEUTRALISED) else text


# --------------------------------------------------------------------------- formats


def _xlsx_rows(content: bytes):
    if not content.startswith(b"PK\x03\x04"):
        raise FileProblem(_("This is not a valid XLSX file. Save it from the spreadsheet "
                            "program as 'Excel Workbook (.xlsx)' or as CSV."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError,
            AttributeError, EOFError) as exc:
        raise FileProblem(_("This XLSX file cannot be read (%(why)s). Save it again from the "
                            "spreadsheet program.") % {"why": type(exc).__name__}) from None
    except Exception:  # openpyxl raises assorted errors on damaged files
        raise FileProblem(_("This XLSX file cannot be read. Save it again from the "
                            "spreadsheet program.")) from None
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 20):
            rows.append([cell_text(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_("This XLSX file cannot be read. Save it again from the "
                            "spreadsheet program.")) from None
    finally:
        workbook.close()


def _csv_rows(content: bytes):
    if b"\x00" in content[:65536]:
        raise FileProblem(_("This is not a text CSV file. Save the sheet as 'CSV UTF-8'."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileProblem(_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8'.")) \
                from None
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            rows.append([unneutralise(v.replace("\x00", "").strip()) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise FileProblem(_("The CSV file cannot be read near line %(line)d (%(why)s).")
                          % {"line": reader.line_num, "why": exc}) from None
    return rows


# --------------------------------------------------------------------------- headers


def _norm(text: str) -> str:
    return " ".join(str(text).replace("*", " ").split()).casefold()


def _to_table(raw_rows: list[list[str]], columns: tuple[Column, ...]) -> Table:
    # Leading blank lines are tolerated; the first non-blank row holds the headers.
    start = 0
    while start < len(raw_rows) and not any(raw_rows[start]):
        start += 1
    if start >= len(raw_rows):
        raise FileProblem(_("The file is empty."))
    header_row = raw_rows[start]
    data = raw_rows[start + 1:]
    if len(data) > MAX_ROWS:
        raise FileProblem(_("Too many rows: at most %(max)d data rows per file. Split the file.")
                          % {"max": MAX_ROWS})

    by_name = {}
    for column in columns:
        by_name[_norm(column.header)] = column.field
        by_name[_norm(column.field)] = column.field
    ignored = {_norm(h) for h in EXPORT_ONLY_HEADERS}
    template_fields = {by_name.get(_norm(h)) for h in header_row if h}
    for alias, field_name in HEADER_ALIASES.items():
        if field_name in template_fields:
            ignored.add(_norm(alias))
        else:
            by_name[_norm(alias)] = field_name

    problems: list[str] = []
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, header in enumerate(header_row):
        if not header:
            continue
        key = _norm(header)
        if key in ignored:
            continue
        field_name = by_name.get(key)
        if field_name is None:
            problems.append(_("Unknown column '%(header)s'.") % {"header": header[:80]})
            continue
        if field_name in positions:
            problems.append(_("Column '%(header)s' appears twice.") % {"header": header[:80]})
            continue
        positions[field_name] = index
        headers[field_name] = header
    missing = [c.header for c in columns if c.required and c.field not in positions]
    if missing:
        problems.append(_("Required column(s) missing: %(columns)s.")
                        % {"columns": ", ".join(missing)})
    if problems:
        if len(problems) > 1 or missing:
            problems.append(_("The first row must hold the template's column headers; "
                              "download the template to see them."))
        raise FileProblem(problems)

    table = Table(headers=headers)
    for offset, values in enumerate(data):
        if not any(values):
            continue
        row_number = start + offset + 2
        row = {}
        for field_name, index in positions.items():
            row[field_name] = values[index] if index < len(values) else ""
        table.rows.append((row_number, row))
    if not table.rows:
        raise FileProblem(_("The file has headers but no data rows."))
    return table
