"""GET /api/v1/cases/export: formats parse back, list filters and scoping, masking,
formula neutralisation, audit record, row cap."""

import csv
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from selaras.audit.models import AuditEntry
from selaras.cases.models import Case
from selaras.imports.columns import CASE_COLUMNS, EXPORT_ONLY_HEADERS

URL = "/api/v1/cases/export"
HEADERS = [c.header for c in CASE_COLUMNS] + list(EXPORT_ONLY_HEADERS)


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[dict]:
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff")  # BOM: Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content(response)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def json_body(response) -> dict:
    return json.loads(content(response))


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def test_csv_has_template_headers_and_parses_back(api_as, kepala, make_case):
    case = make_case(title="Sengketa, \"kutip\" dan\nbaris baru", alert_level=3,
                     religions=["islam", "kristen"])
    response = api_as(kepala).get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "selaras-kasus-" in disposition
    assert disposition.rstrip('"').endswith(".csv")
    text = content(response).decode("utf-8")
    assert next(csv.reader(io.StringIO(text[1:]))) == HEADERS
    (row,) = csv_rows(api_as(kepala).get(URL, {"format": "csv"}))
    assert row["Nomor Referensi"] == case.number
    assert row["Judul"] == case.title
    assert row["Tingkat Siaga"] == "3"
    assert row["Agama Terlibat"] == "islam;kristen"
    assert row["Kode Wilayah"] == case.location_id
    assert row["Tanggal Kejadian"] == timezone.localtime(case.occurred_at).date().isoformat()
    assert row["Kode Unit Penanganan"] == case.handling_unit.code
    assert row["Rahasia"] == "tidak"


def test_xlsx_parses_back_with_the_same_cells_as_csv(api_as, kepala, make_case):
    make_case(title="Pertama")
    make_case(title="Kedua", alert_level=1)
    client = api_as(kepala)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    from_xlsx = xlsx_rows(response)
    from_csv = csv_rows(client.get(URL, {"format": "csv"}))
    assert [r["Nomor Referensi"] for r in from_xlsx] == [r["Nomor Referensi"] for r in from_csv]
    for x_row, c_row in zip(from_xlsx, from_csv, strict=True):
        assert {k: "" if v is None else str(v) for k, v in x_row.items()} == c_row


def test_json_is_plain_data_with_typed_values(api_as, kepala, make_case):
    case = make_case(title="=HYPERLINK(\"http://x\")", religions=["islam"])
    response = api_as(kepala).get(URL, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = json_body(response)
    assert body["count"] == 1 and len(body["items"]) == 1
    item = body["items"][0]
    assert item["reference"] == case.number
    assert item["title"] == case.title  # JSON is data: no leading quote
    assert item["religions"] == ["islam"] and item["alert_level"] == case.alert_level
    assert item["confidential"] is False
    assert body["columns"]["reference"] == "Nomor Referensi"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_cells_are_neutralised(api_as, kepala, make_case, fmt):
    dangerous = ["=1+2", "+62 812", "-cmd", "@SUM(A1)", "\tTab", "\rCR"]
    for text in dangerous:
        case = make_case(title=f"Aman {text!r}")
        # Written directly: the forms strip leading whitespace, legacy data may not have.
        Case.objects.filter(pk=case.pk).update(chronology=text + " kronologi.", address=text)
    response = api_as(kepala).get(URL, {"format": fmt})
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert len(rows) == len(dangerous)
    for row in rows:
        for header in ("Kronologi", "Alamat"):
            assert row[header].startswith("'"), (header, row[header])
            # (XML parsers read a CR back as LF, hence \n for XLSX)
            assert row[header][1] in "=+-@\t\r\n"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content(api_as(kepala).get(URL, {"format": fmt}))))
        assert all(cell.data_type != "f" for row in sheet.active.iter_rows() for cell in row)


def test_filters_are_the_case_lists(api_as, kepala, make_case):
    make_case(alert_level=3, title="Awas satu")
    make_case(alert_level=3, title="Awas dua")
    make_case(alert_level=1, title="Waspada")
    client = api_as(kepala)
    params = {"alert_level": "3", "sort": "oldest"}
    listed = [c["number"] for c in client.get("/api/v1/cases", params).json()["items"]]
    exported = [r["Nomor Referensi"] for r in csv_rows(client.get(URL, {**params,
                                                                         "format": "csv"}))]
    assert exported == listed and len(exported) == 2
    assert json_body(client.get(URL, {"format": "json", "q": "Waspada"}))["count"] == 1


def test_bad_filter_or_format_is_422(api_as, kepala):
    client = api_as(kepala)
    assert client.get(URL, {"format": "pdf"}).status_code == 422
    response = client.get(URL, {"format": "csv", "alert_level": "9"})
    assert response.status_code == 422 and "alert_level" in response.json()["errors"]


def test_nothing_outside_jurisdiction(api_as, make_user, make_case):
    inside = make_case()
    outside = make_case(location="3171011001")  # Jakarta
    child_user = make_user("child", "kepala")
    numbers = [r["Nomor Referensi"] for r in csv_rows(api_as(child_user).get(URL))]
    assert numbers == [inside.number]
    assert outside.number not in numbers


def test_analysts_get_personal_data_masked(api_as, make_user, make_case):
    make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    analyst, kepala = make_user("own", "analis"), make_user("own", "kepala")
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        (masked,) = read(api_as(analyst).get(URL, {"format": fmt}))
        assert masked["Nama Pelapor"] == "B•••••" and "0812" not in masked["Kontak Pelapor"]
        (plain,) = read(api_as(kepala).get(URL, {"format": fmt}))
        assert plain["Nama Pelapor"] == "Budi Santoso"
    item = json_body(api_as(analyst).get(URL, {"format": "json"}))["items"][0]
    assert item["reporter_name"] == "B•••••" and item["reporter_contact"].endswith("•")


def test_each_export_is_an_audit_security_event(api_as, kepala, make_case):
    make_case(alert_level=3)
    before = AuditEntry.objects.filter(action="export").count()
    content(api_as(kepala).get(URL, {"format": "json", "alert_level": "3"}))
    entry = AuditEntry.objects.filter(action="export").order_by("-seq").first()
    assert AuditEntry.objects.filter(action="export").count() == before + 1
    assert entry.kind == "security" and entry.actor_id == kepala.pk
    assert entry.data["format"] == "json" and entry.data["rows"] == 1
    assert entry.data["filters"] == {"alert_level": "3"}


def test_row_cap_is_a_clear_422(api_as, kepala, make_case, settings):
    for _ in range(3):
        make_case()
    settings.EXPORT_MAX_ROWS = 2
    response = api_as(kepala).get(URL, {"format": "csv"})
    assert response.status_code == 422
    assert "2" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="export").count() == 0  # nothing was exported
    settings.EXPORT_MAX_ROWS = 3
    assert api_as(kepala).get(URL, {"format": "csv"}).status_code == 200


def test_export_is_not_taken_for_a_case_number(api_as, kepala):
    response = api_as(kepala).get(URL)
    assert response.status_code == 200  # not "no case with that number" (404)


def test_needs_authentication(client, db):
    assert client.get(URL).status_code == 401
    assert Case.objects.count() == 0
