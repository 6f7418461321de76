"""The case list's export links: same filters as the page, session login, same checks."""

import csv
import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from selaras.audit.models import AuditEntry

EXPORT = "/kasus/ekspor/"


@pytest.fixture
def web(client):
    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def _numbers(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return [row["Nomor Referensi"] for row in csv.DictReader(io.StringIO(text[1:], newline=""))]


def test_list_offers_export_links_that_keep_the_filters(web, make_user, make_case):
    make_case(alert_level=3)
    client = web(make_user("own", "kepala"))
    page = client.get("/kasus/", {"alert_level": "3", "sort": "oldest", "page": "1"})
    html = page.content.decode()
    assert "Export this list" in html
    for fmt in ("csv", "xlsx", "json"):
        link = f"{EXPORT}?alert_level=3&amp;sort=oldest&amp;format={fmt}"
        assert link in html, fmt
    assert "page=1&amp;format" not in html  # the page number is not a filter


def test_export_from_the_ui_applies_the_filters(web, make_user, make_case):
    level3 = make_case(alert_level=3)
    make_case(alert_level=1)
    client = web(make_user("own", "kepala"))
    response = client.get(EXPORT, {"alert_level": "3", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert _numbers(response) == [level3.number]
    entry = AuditEntry.objects.filter(action="export").order_by("-seq").first()
    assert entry.data["channel"] == "web" and entry.data["rows"] == 1


def test_analyst_export_from_the_ui_is_masked(web, make_user, make_case):
    make_case(reporter_name="Budi Santoso")
    client = web(make_user("own", "analis"))
    response = client.get(EXPORT, {"format": "csv"})
    assert b"Budi Santoso" not in b"".join(response.streaming_content)


def test_bad_filters_or_too_many_rows_go_back_to_the_list(web, make_user, make_case, settings):
    client = web(make_user("own", "kepala"))
    response = client.get(EXPORT, {"alert_level": "9", "format": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/kasus/?")
    make_case()
    make_case()
    settings.EXPORT_MAX_ROWS = 1
    response = client.get(EXPORT, {"format": "xlsx"}, follow=True)
    assert "at most 1 are allowed" in response.content.decode()


def test_export_needs_login(client, db):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
