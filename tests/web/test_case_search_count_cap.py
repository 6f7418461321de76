"""A search on the case list counts its matches only up to CASE_SEARCH_COUNT_CAP: the page
says "more than N" and pages through the first N; without a search text, or below the
cap, or through the API, the count is exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.api.conftest import ApiClient


@pytest.fixture
def five_matches(make_case):
    return [make_case(title=f"Sengketa makam desa {i}") for i in range(5)] + [
        make_case(title="Penolakan gereja")]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def get(client, **params):
    return client.get(reverse("case-list"), params, headers={"Accept-Language": "en"})


def test_a_broad_search_says_more_than_the_cap_and_pages_through_the_first_ones(
        five_matches, make_user, login, settings, english):
    settings.CASE_SEARCH_COUNT_CAP = 3
    settings.CASE_LIST_PAGE_SIZE = 2
    client = login(make_user("own", "kepala"))
    first = get(client, q="makam")
    html = first.content.decode()
    assert "More than 3 cases match this search; the first 3 are listed." in html
    assert "cases found" not in html
    page = first.context["page"]
    assert page.paginator.count == 3 and page.paginator.num_pages == 2
    second = get(client, q="makam", page=2).context["page"]
    assert len(second.object_list) == 1
    shown = {c.number for c in page.object_list} | {c.number for c in second.object_list}
    assert shown < {c.number for c in five_matches[:5]} and len(shown) == 3


def test_the_count_stops_reading_after_the_cap(five_matches, make_user, login, settings):
    settings.CASE_SEARCH_COUNT_CAP = 3
    client = login(make_user("own", "kepala"))
    with CaptureQueriesContext(connection) as ctx:
        get(client, q="makam")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()
              and "cases_case" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 4" in counts[0]


def test_at_or_below_the_cap_the_count_is_exact(five_matches, make_user, login, settings,
                                                 english):
    settings.CASE_SEARCH_COUNT_CAP = 5
    client = login(make_user("own", "kepala"))
    html = get(client, q="makam").content.decode()
    assert "5 cases found." in html and "More than" not in html


def test_without_a_search_text_the_count_is_exact_beyond_the_cap(
        five_matches, make_user, login, settings, english):
    settings.CASE_SEARCH_COUNT_CAP = 3
    client = login(make_user("own", "kepala"))
    response = get(client)
    assert response.context["page"].paginator.count == 6
    assert "6 cases found." in response.content.decode()


def test_the_api_counts_a_search_exactly(five_matches, make_user, settings):
    settings.CASE_SEARCH_COUNT_CAP = 3
    answer = ApiClient(make_user("own", "kepala")).get("/api/v1/cases", {"q": "makam"})
    assert answer.status_code == 200 and answer.json()["count"] == 5
