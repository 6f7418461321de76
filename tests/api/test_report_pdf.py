"""GET /cases/{number}/report.pdf: the case report, and with ?level= the report form of an
office in the case's chain; a download no cache keeps; 404 outside jurisdiction."""

import io

import pytest
from pypdf import PdfReader

from .handling_helpers import handled, linked_party


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def case(make_case, kepala):
    case = handled(make_case(title="Penolakan renovasi musala Al-Ikhlas"), kepala)
    linked_party(case, kepala, name="Pengurus Musala Al-Ikhlas")
    return case


def text_of(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(
        response.content)).pages)


def test_case_report_is_a_pdf_download(api_as, kepala, case):
    response = api_as(kepala).get(f"/api/v1/cases/{case.number}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert case.number in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = text_of(response)
    assert case.number in text and "Pengurus Musala Al-Ikhlas" in text
    assert "Budi Santoso" in text  # the reporter, for a head of the handling office


def test_analyst_gets_the_report_with_personal_data_masked(api_as, make_user, case):
    response = api_as(make_user("own", "analis")).get(f"/api/v1/cases/{case.number}/report.pdf")
    assert response.status_code == 200
    text = text_of(response)
    assert case.number in text
    assert "Budi Santoso" not in text and "0812-0000-1111" not in text


def test_level_report_of_an_office_in_the_chain(api_as, kepala, case):
    response = api_as(kepala).get(f"/api/v1/cases/{case.number}/report.pdf",
                                  {"level": "kankemenag"})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "kankemenag" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("level", ["kua", "pusat", "x" * 300])
def test_a_level_not_in_the_chain_is_400_with_the_reason(api_as, kepala, case, level):
    response = api_as(kepala, language="en").get(f"/api/v1/cases/{case.number}/report.pdf",
                                                 {"level": level})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert ("KUA" in detail) if level == "kua" else ("kua" in detail)


@pytest.mark.parametrize("unit_key", ["sibling", "other_province", "other_kua"])
def test_outside_jurisdiction_is_404(api_as, make_user, case, unit_key):
    client = api_as(make_user(unit_key, "kepala"))
    for params in ({}, {"level": "kankemenag"}):
        response = client.get(f"/api/v1/cases/{case.number}/report.pdf", params)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")


def test_garbage_numbers_and_levels_are_not_500(api_as, kepala, case):
    client = api_as(kepala)
    assert client.get("/api/v1/cases/%00/report.pdf").status_code == 404
    assert client.get(f"/api/v1/cases/{case.number}/report.pdf?level=%00").status_code == 422
