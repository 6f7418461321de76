"""The real round trip: GET /api/v1/cases/export (CSV, XLSX) → POST /api/v1/imports is a
no-op; a neutralised formula cell comes back as the original text."""

import base64

import pytest

from selaras.cases.models import Case
from selaras.imports import services
from selaras.imports.models import BatchStatus
from tests.api.conftest import ApiClient

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


def _exported(api, fmt: str) -> bytes:
    response = api.get("/api/v1/cases/export", {"format": fmt})
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_as_a_no_op(kepala_kota, make_case, fmt):
    make_case(actor=kepala_kota, title="=SUM(A1:A9) bukan rumus")
    services.start_import(actor=kepala_kota, kind="cases", file_name="lama.csv", dry_run=False,
                          content=csv_file([case_row("RT-1", Status="ditutup", Hasil="damai")]))
    api = ApiClient(kepala_kota)
    content = _exported(api, fmt)
    body = {"kind": "cases", "file_name": f"export.{fmt}", "dry_run": False,
            "content_base64": base64.b64encode(content).decode()}
    response = api.post("/api/v1/imports", body)
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["status"] == BatchStatus.COMMITTED, report["errors"]
    assert (report["rows"], report["created"], report["skipped"]) == (2, 0, 2)
    assert Case.objects.count() == 2


def test_neutralised_cells_come_back_as_the_original_text(kepala_kota):
    rows = [case_row("NT-1", Judul="'=SUM(A1:A9)", Kronologi="'-minus di depan")]
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="n.csv",
                                  content=csv_file(rows), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = Case.objects.get()
    assert (case.title, case.chronology) == ("=SUM(A1:A9)", "-minus di depan")
