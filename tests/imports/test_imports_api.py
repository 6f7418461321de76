"""POST /api/v1/imports (base64 in JSON), GET /api/v1/imports/{id}, commit by id, templates."""

import base64
import io

import pytest
from openpyxl import load_workbook

from selaras.cases.models import Case
from selaras.imports.models import ImportBatch
from tests.api.conftest import ApiClient

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


def _body(content: bytes, *, dry_run=True, kind="cases", name="lama.csv"):
    return {"kind": kind, "file_name": name, "dry_run": dry_run,
            "content_base64": base64.b64encode(content).decode()}


def test_dry_run_then_commit_by_id(kepala_kota):
    api = ApiClient(kepala_kota)
    content = csv_file([case_row("API-1"), case_row("API-2")])
    response = api.post("/api/v1/imports", _body(content))
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["status"], report["dry_run"], report["created"]) == ("valid", True, 2)
    assert Case.objects.count() == 0

    fetched = api.get(f"/api/v1/imports/{report['id']}")
    assert fetched.status_code == 200 and fetched.json()["sha256"] == report["sha256"]

    committed = api.post(f"/api/v1/imports/{report['id']}/commit")
    assert committed.status_code == 201, committed.content
    assert committed.json()["status"] == "committed"
    assert Case.objects.count() == 2
    assert api.post(f"/api/v1/imports/{report['id']}/commit").status_code == 409


def test_one_shot_commit_and_reimport(kepala_kota):
    api = ApiClient(kepala_kota)
    content = csv_file([case_row("API-3")])
    first = api.post("/api/v1/imports", _body(content, dry_run=False))
    assert first.status_code == 201 and first.json()["created"] == 1
    second = api.post("/api/v1/imports", _body(content, dry_run=False))
    assert second.status_code == 201
    assert (second.json()["created"], second.json()["skipped"]) == (0, 1)
    assert Case.objects.count() == 1


def test_row_errors_come_back_as_row_column_message(kepala_kota):
    api = ApiClient(kepala_kota, language="en")
    content = csv_file([case_row("API-4"), case_row("API-5", **{"Kode Kategori": "x"})])
    response = api.post("/api/v1/imports", _body(content, dry_run=False))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "failed"
    assert body["errors"] == [{"row": 3, "column": "Kode Kategori",
                               "message": "Unknown category 'x'."}]
    assert Case.objects.count() == 0


@pytest.mark.parametrize("body, field", [
    ({"kind": "cases", "file_name": "a.csv", "content_base64": "***"}, "content_base64"),
    ({"kind": "planets", "file_name": "a.csv", "content_base64": ""}, "kind"),
    ({"kind": "cases", "content_base64": ""}, "file_name"),
])
def test_bad_requests_are_422(kepala_kota, body, field):
    response = ApiClient(kepala_kota).post("/api/v1/imports", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_permission_and_visibility(make_user, kepala_kota):
    analyst = make_user("pusat", "analis")
    content = csv_file([case_row("API-6")])
    assert ApiClient(analyst).post("/api/v1/imports", _body(content)).status_code == 403
    assert ApiClient(analyst).post("/api/v1/imports",
                                   _body(content, kind="units")).status_code == 403
    batch_id = ApiClient(kepala_kota).post("/api/v1/imports", _body(content)).json()["id"]
    other_head = make_user("3273", "kepala")
    assert ApiClient(other_head).get(f"/api/v1/imports/{batch_id}").status_code == 404
    assert ApiClient(other_head).post(f"/api/v1/imports/{batch_id}/commit").status_code == 404
    pusat_head = make_user("pusat", "kepala")
    assert ApiClient(pusat_head).get(f"/api/v1/imports/{batch_id}").status_code == 200
    assert ApiClient(kepala_kota).get("/api/v1/imports/999999").status_code == 404


def test_garbage_file_is_a_report_not_a_500(kepala_kota):
    import os

    response = ApiClient(kepala_kota).post(
        "/api/v1/imports", _body(os.urandom(3000), name="junk.xlsx", dry_run=False))
    assert response.status_code == 200
    assert response.json()["status"] == "failed"
    assert response.json()["errors"][0]["row"] is None
    assert ImportBatch.objects.get().content == b""


def test_template_downloads(kepala_kota):
    api = ApiClient(kepala_kota)
    response = api.get("/api/v1/imports/templates/cases", {"format": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Data", "Petunjuk"]
    headers = next(workbook["Data"].iter_rows(values_only=True))
    assert headers[:2] == ("Nomor Referensi", "Judul")
    guide = [r[0] for r in workbook["Petunjuk"].iter_rows(values_only=True) if r and r[0]]
    assert "Kode Kategori" in guide and "rumah_ibadah" in guide and "ditutup" in guide

    csv_response = api.get("/api/v1/imports/templates/users", {"format": "csv"})
    assert csv_response.status_code == 200
    assert csv_response.content.decode("utf-8-sig").startswith("Nama Pengguna,Nama Lengkap")
    assert api.get("/api/v1/imports/templates/planets").status_code == 422


def test_history_and_counsellor_lists(kepala_kota, make_user):
    from selaras.imports.models import Counsellor
    from selaras.org.models import Unit

    api = ApiClient(kepala_kota)
    api.post("/api/v1/imports", _body(csv_file([case_row("H-1")])))
    ApiClient(make_user("3273", "kepala")).post("/api/v1/imports",
                                                _body(csv_file([case_row("H-2")])))
    history = api.get("/api/v1/imports").json()
    assert history["count"] == 1 and history["items"][0]["file_name"] == "lama.csv"
    assert ApiClient(make_user("pusat", "admin")).get("/api/v1/imports").json()["count"] == 2

    Counsellor.objects.create(name="Ahmad", unit=Unit.objects.get(code="327301"))
    Counsellor.objects.create(name="Budi", unit=Unit.objects.get(code="317101"))
    names = [c["name"] for c in api.get("/api/v1/counsellors").json()["items"]]
    assert names == ["Ahmad"]
