"""Exports of the case list mask personal data for analysts, in every format, and carry
it unmasked for handlers (the ``selaras.cases.export`` module, issue #5)."""

import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.api.conftest import ApiClient

REPORTER = "Budi Santoso Wiryawan"
CONTACT = "0812-7777-3141"


@pytest.fixture
def export_url():
    try:
        return reverse("case-export")
    except NoReverseMatch:
        pytest.skip("the case export is not installed")


def text_of(response, fmt: str) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt != "xlsx":
        return content.decode()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(str(cell) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True) for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_analyst_exports_are_masked_handler_exports_are_not(fmt, export_url, make_user,
                                                            make_case):
    case = make_case(reporter_name=REPORTER, reporter_contact=CONTACT)
    seen = {}
    for role in ("analis", "penangan"):
        user = make_user("own", role)
        web = Client()
        web.force_login(user)
        ui = web.get(export_url, {"format": fmt})
        api = ApiClient(user).get("/api/v1/cases/export", {"format": fmt})
        assert ui.status_code == api.status_code == 200
        seen[role] = text_of(ui, fmt) + text_of(api, fmt)
    assert case.number in seen["analis"]
    assert REPORTER not in seen["analis"] and CONTACT not in seen["analis"]
    assert REPORTER in seen["penangan"] and CONTACT in seen["penangan"]
