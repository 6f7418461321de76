"""The case list: filters, search, sort, pagination; bad filters give a message, not a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selaras.cases import services


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def numbers_on(response):
    return {case.number for case in response.context["page"].object_list}


def test_filters_by_status_level_and_text(kepala, make_case, login):
    first = make_case(title="Sengketa makam desa", alert_level=1)
    second = make_case(title="Penolakan gereja", alert_level=2)
    services.perform_transition(actor=kepala, case=second, action="verify")
    client = login(kepala)
    url = reverse("case-list")

    assert numbers_on(client.get(url)) == {first.number, second.number}
    assert numbers_on(client.get(url, {"status": "terverifikasi"})) == {second.number}
    assert numbers_on(client.get(url, {"alert_level": "1"})) == {first.number}
    assert numbers_on(client.get(url, {"q": "makam"})) == {first.number}
    assert numbers_on(client.get(url, {"q": second.number})) == {second.number}


def test_filters_by_region_unit_category_and_period(kepala, make_case, login):
    bandung = make_case(alert_level=2)
    sukasari = make_case(alert_level=1, category="pemakaman")  # handled by KUA 327301
    client = login(kepala)
    url = reverse("case-list")
    assert numbers_on(client.get(url, {"unit": "327301"})) == {sukasari.number}
    assert numbers_on(client.get(url, {"category": "pemakaman"})) == {sukasari.number}
    assert numbers_on(client.get(url, {"region": "327301"})) == {bandung.number, sukasari.number}
    assert numbers_on(client.get(url, {"region": "327302"})) == set()
    today = timezone.localdate(bandung.reported_at).isoformat()
    assert len(numbers_on(client.get(url, {"reported_from": today, "reported_to": today}))) == 2
    assert numbers_on(client.get(url, {"reported_to": "2020-01-01"})) == set()


def test_filter_form_offers_own_area_and_offices(kepala, login):
    response = login(kepala).get(reverse("case-list"))
    html = response.content.decode()
    assert 'value="327301"' in html  # a district of Kota Bandung in the region filter
    assert "KUA" in html or "327301" in html


@pytest.mark.parametrize("params", [
    {"status": "nonsense"},
    {"alert_level": "7"},
    {"reported_from": "kemarin"},
    {"region": "abc"},
    {"sort": "random"},
    {"category": "tidak-ada"},
    {"q": "x" * 500},
])
def test_bad_filter_gives_a_clear_message_not_a_500(kepala, make_case, login, params):
    make_case()
    response = login(kepala).get(reverse("case-list"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_' in html  # the summary links to the field


def test_pagination_keeps_the_filters(kepala, make_case, login, settings):
    settings.CASE_LIST_PAGE_SIZE = 2
    for _ in range(3):
        make_case(alert_level=2)
    client = login(kepala)
    response = client.get(reverse("case-list"), {"alert_level": "2"})
    html = response.content.decode()
    assert "?alert_level=2&amp;page=2" in html
    response = client.get(reverse("case-list"), {"alert_level": "2", "page": "2"})
    assert len(response.context["page"].object_list) == 1
    # A page number out of range or not a number still renders.
    assert client.get(reverse("case-list"), {"page": "zz"}).status_code == 200
    assert client.get(reverse("case-list"), {"page": "999"}).status_code == 200


def test_sort_by_alert_level(kepala, make_case, login):
    low = make_case(alert_level=1)
    high = make_case(alert_level=3)
    response = login(kepala).get(reverse("case-list"), {"sort": "level"})
    numbers = [c.number for c in response.context["page"].object_list]
    assert numbers.index(high.number) < numbers.index(low.number)


def test_overdue_shown_as_badge(kepala, make_case, login):
    from datetime import timedelta

    make_case(reported_at=timezone.now() - timedelta(days=5),
              occurred_at=timezone.now() - timedelta(days=6))
    html = login(kepala).get(reverse("case-list")).content.decode()
    assert "badge--overdue" in html


def test_sibling_unit_does_not_see_the_case(make_user, make_case, login):
    case = make_case()
    response = login(make_user("sibling", "kepala")).get(reverse("case-list"))
    assert case.number not in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(kepala, make_case, login):
    client = login(kepala)
    for _ in range(3):
        make_case()
    client.get(reverse("case-list"))  # warm caches (sessions, content types)
    with_three = count_queries(client, reverse("case-list"))
    home_three = count_queries(client, reverse("home"))
    for _ in range(12):
        make_case()
    assert count_queries(client, reverse("case-list")) == with_three
    assert count_queries(client, reverse("home")) == home_three
