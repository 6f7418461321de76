"""Recap PDF and XLSX: they open and carry the dashboard's figures."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from selaras.analytics.figures import compute_summary
from selaras.analytics.filters import DashboardFilter
from selaras.analytics.recap import generate_recap, parse_period
from selaras.analytics.scope import counted_cases
from selaras.core.errors import ValidationError
from selaras.org.models import Unit

MARCH = {"reported_from": "2026-03-01", "reported_to": "2026-03-31"}


def test_periods():
    first, last, key = parse_period("2026-03")
    assert (first.isoformat(), last.isoformat(), key) == ("2026-03-01", "2026-03-31", "2026-03")
    first, last, key = parse_period("2025-q4")
    assert (first.isoformat(), last.isoformat(), key) == ("2025-10-01", "2025-12-31", "2025-Q4")
    for bad in ("2026-13", "2026-Q5", "march", "", "2026-3"):
        with pytest.raises(ValidationError):
            parse_period(bad)


def test_recap_matches_the_dashboard_of_the_unit(world):
    recap = generate_recap(Unit.objects.get(code="3273"), "2026-03")
    dashboard = compute_summary(counted_cases(world.users["own_kepala"]),
                                DashboardFilter.from_params(MARCH))
    assert recap.summary.as_dict() == dashboard.as_dict()
    assert recap.summary.total == 2
    quarter = generate_recap(Unit.objects.get(code="3273"), "2026-Q2")
    assert quarter.summary.total == 2  # c3, c4 in April


def test_recap_xlsx_opens_and_matches(world, web):
    response = web(world.users["own_kepala"]).get(
        "/dasbor/rekap/", {"unit": "3273", "period": "2026-03", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["Cases reported"] == 2
    statuses = {row[0]: row[1] for row in book["By status"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert statuses["Resolved"] == 1 and statuses["Verified"] == 1 and statuses["Reported"] == 0
    months = list(book["Per month"].iter_rows(min_row=2, values_only=True))
    assert months == [("2026-03", 2, 1)]


def test_recap_pdf_opens_and_matches(world, web):
    response = web(world.users["own_kepala"]).get(
        "/dasbor/rekap/", {"unit": "3273", "period": "2026-03", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "2026-03" in text
    assert "Cases reported in the period: 2" in " ".join(text.split())
    assert "Budi Santoso" not in text


def test_recap_of_another_office_does_not_exist(world, web):
    client = web(world.users["own_kepala"])
    assert client.get("/dasbor/rekap/", {"unit": "3204", "period": "2026-03"}).status_code == 404
    assert client.get("/dasbor/rekap/", {"unit": "nope", "period": "2026-03"}).status_code == 404
    # Its own KUA is below it: allowed.
    ok = client.get("/dasbor/rekap/", {"unit": "327301", "period": "2026-03",
                                       "format": "xlsx"})
    assert ok.status_code == 200


def test_recap_bad_period_is_explained(world, web):
    response = web(world.users["own_kepala"]).get("/dasbor/rekap/",
                                                  {"unit": "3273", "period": "2026-99"})
    assert response.status_code == 400
    assert "2026-Q3" in response.content.decode()
    assert web(world.users["own_kepala"]).get("/dasbor/rekap/").status_code == 200
