"""Helpers for import tests: build CSV/XLSX files from rows keyed by template header."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from selaras.imports.columns import CASE_COLUMNS

VILLAGE_IN_CHILD = "3273011001"  # Sukarasa, Kec. Sukasari (see tests/conftest.py)

CASE_HEADERS = [c.header for c in CASE_COLUMNS]


def case_row(reference: str, **overrides) -> dict:
    row = {
        "Nomor Referensi": reference,
        "Judul": f"Sengketa lahan musala ({reference})",
        "Kronologi": "Warga berselisih soal lahan musala; dimediasi KUA.",
        "Kode Kategori": "rumah_ibadah",
        "Tanggal Kejadian": "2019-03-14",
        "Kode Wilayah": VILLAGE_IN_CHILD,
        "Tingkat Siaga": "1",
        "Status": "dilaporkan",
    }
    row.update(overrides)
    return row


def csv_file(rows: list[dict], headers: list[str] | None = None, delimiter=",") -> bytes:
    headers = headers or (list(rows[0]) if rows else CASE_HEADERS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or (list(rows[0]) if rows else CASE_HEADERS)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    """Messages in English (the source strings) so tests can read them."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def kepala_kota(make_user):
    """Head of Kankemenag Kota Bandung (area 3273)."""
    return make_user("3273", "kepala", username="kepala_kota")


__all__ = ["case_row", "csv_file", "xlsx_file", "CASE_HEADERS", "date"]
