"""Garbage in → a clear message on the batch, nothing written, never a 500."""

import os

import pytest
from django.utils import translation

from selaras.cases.models import Case
from selaras.imports import reader, services
from selaras.imports.models import BatchStatus

from .conftest import CASE_HEADERS, case_row, csv_file, xlsx_file


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db


def _messages(batch):
    assert batch.status == BatchStatus.INVALID
    assert all(e["row"] is None and e["column"] is None for e in batch.errors)
    return " ".join(e["message"] for e in batch.errors)


@pytest.mark.parametrize("name, content, expected", [
    ("random.xlsx", os.urandom(4096), "not a valid XLSX"),
    ("zip.xlsx", b"PK\x03\x04" + os.urandom(2000), "cannot be read"),
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"\n\n  \n", "empty"),
    ("binary.csv", b"\x00\x01\x02garbage", "not a text CSV"),
    ("data.pdf", b"%PDF-1.4", "Upload an .xlsx or .csv"),
    ("only-headers.csv", ",".join(CASE_HEADERS).encode(), "no data rows"),
])
def test_unusable_files(kepala_kota, name, content, expected):
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name=name,
                                  content=content)
    assert expected in _messages(batch)
    assert batch.content == b""


def test_missing_and_unknown_columns_are_named(kepala_kota):
    content = csv_file([{"Nomor Referensi": "X", "Judul": "t", "Warna": "merah"}])
    message = _messages(services.start_import(actor=kepala_kota, kind="cases",
                                              file_name="x.csv", content=content))
    assert "Unknown column 'Warna'" in message
    assert "Kronologi" in message and "Kode Kategori" in message


def test_too_many_rows(kepala_kota, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    content = csv_file([case_row(f"R-{i}") for i in range(5)])
    message = _messages(services.start_import(actor=kepala_kota, kind="cases",
                                              file_name="big.csv", content=content))
    assert "at most 3 data rows" in message


def test_too_big_a_file(kepala_kota, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    content = csv_file([case_row("R-1")])
    message = _messages(services.start_import(actor=kepala_kota, kind="cases",
                                              file_name="big.csv", content=content))
    assert "too large" in message


def test_semicolon_csv_in_windows_1252(kepala_kota):
    row = case_row("W-1", Judul="Café dispute")
    content = csv_file([row], delimiter=";").decode().encode("cp1252")
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="w.csv",
                                  content=content, dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    assert Case.objects.get().title == "Café dispute"


def test_xlsx_dates_and_numbers_as_cells(kepala_kota):
    from datetime import datetime

    row = case_row("N-1", **{"Tanggal Kejadian": datetime(2020, 5, 17),
                             "Kode Wilayah": 3273011001, "Tingkat Siaga": 2})
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="n.xlsx",
                                  content=xlsx_file([row]), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = Case.objects.get()
    assert case.location_id == "3273011001" and case.alert_level == 2
    assert case.occurred_at.year == 2020


def test_bad_dates_are_row_errors(kepala_kota):
    rows = [case_row("D-1", **{"Tanggal Kejadian": "kemarin"}),
            case_row("D-2", **{"Tanggal Kejadian": "2999-01-01"})]
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="d.csv",
                                  content=csv_file(rows))
    assert {(e["row"], e["column"]) for e in batch.errors} == {
        (2, "Tanggal Kejadian"), (3, "Tanggal Kejadian")}


def test_nul_characters_never_reach_the_database(kepala_kota):
    content = csv_file([case_row("NUL\x00-1", Judul="Ju\x00dul")])
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="n\x00.csv",
                                  content=content)
    assert batch.status == BatchStatus.INVALID  # NUL bytes: not a text file
    assert "\x00" not in str(batch.errors) and batch.file_name == "n.csv"
    # Past the first 64 KB the reader drops NULs from cells instead.
    header_nul = b"Nomor Referensi,Ju\x00dul\n" + b"a,b\n"
    bad = services.start_import(actor=kepala_kota, kind="cases", file_name="h.csv",
                                content=b"\n" * 70000 + header_nul)
    assert bad.status == BatchStatus.INVALID and "\x00" not in str(bad.errors)


def test_web_upload_over_the_limit_is_refused_by_the_form(client, kepala_kota, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from selaras.imports import forms

    monkeypatch.setattr(forms, "MAX_BYTES", 10)
    client.force_login(kepala_kota)
    response = client.post(reverse("import-home"), {
        "kind": "cases", "file": SimpleUploadedFile("a.csv", csv_file([case_row("Z")]))})
    assert response.status_code == 400
    assert b"too large" in response.content


def test_api_body_over_the_limit_is_413(kepala_kota, settings):
    from tests.api.conftest import ApiClient

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = ApiClient(kepala_kota).post("/api/v1/imports", {
        "kind": "cases", "file_name": "a.csv", "content_base64": "QUFB" * 1000})
    assert response.status_code == 413
