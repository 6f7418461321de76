"""The case list pages like the UI and filters with the UI's own CaseFilter."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from selaras.cases import selectors
from selaras.cases.models import Case
from selaras.regions.models import Region


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def test_pages_walk_through_all_cases(api_as, kepala, make_case):
    numbers = {make_case().number for _ in range(7)}
    client = api_as(kepala)
    first = client.get("/api/v1/cases", {"page_size": 3}).json()
    assert first["count"] == 7 and first["page"] == 1 and first["page_size"] == 3
    assert len(first["items"]) == 3
    assert first["previous"] is None and "page=2" in first["next"]
    seen = [c["number"] for c in first["items"]]
    url = first["next"]
    while url:
        page = client.client.get(url, headers=client.headers).json()
        seen += [c["number"] for c in page["items"]]
        assert page["previous"] is not None
        url = page["next"]
    assert len(seen) == 7 and set(seen) == numbers


def test_next_link_keeps_the_filters(api_as, kepala, make_case):
    for _ in range(3):
        make_case(alert_level=3)
    body = api_as(kepala).get("/api/v1/cases", {"alert_level": "3", "page_size": 1}).json()
    assert "alert_level=3" in body["next"] and "page=2" in body["next"]


def test_page_past_the_end_is_empty(api_as, kepala, make_case):
    make_case()
    body = api_as(kepala).get("/api/v1/cases", {"page": 5}).json()
    assert body["items"] == [] and body["count"] == 1 and body["next"] is None


def test_page_size_is_at_most_100(api_as, kepala):
    assert api_as(kepala).get("/api/v1/cases", {"page_size": 100}).status_code == 200
    assert api_as(kepala).get("/api/v1/cases", {"page_size": 101}).status_code == 422


@pytest.fixture
def varied_cases(make_case, make_user):
    kepala = make_user("own", "kepala")
    village = Region.objects.filter(parent__parent_id="3204", level=4).order_by("code").first()
    old = make_case(title="Sengketa tanah wakaf masjid", category="sengketa_wakaf",
                    reported_at=timezone.now() - timedelta(days=40),
                    occurred_at=timezone.now() - timedelta(days=41), alert_level=1)
    awas = make_case(title="Bentrokan saat ibadah", alert_level=3, location=village.code)
    verified = make_case(title="Penyiaran agama di pasar", category="kegiatan_penyiaran")
    services_verify(kepala, verified)
    jakarta_village = Region.objects.filter(parent_id="317101").order_by("code").first()
    jakarta = make_case(title="Ujaran kebencian daring", location=jakarta_village.code)
    return [old, awas, verified, jakarta]


def services_verify(user, case):
    from selaras.cases import services

    services.perform_transition(actor=user, case=case, action="verify")


FILTERS = [
    {},
    {"status": "terverifikasi"},
    {"status": "dilaporkan,terverifikasi"},
    {"alert_level": "3"},
    {"alert_level": ["1", "3"]},
    {"category": "sengketa_wakaf"},
    {"region": "3273"},
    {"region": "32"},
    {"region": "317101"},
    {"unit": "3273"},
    {"q": "wakaf"},
    {"reported_from": (timezone.localdate() - timedelta(days=7)).isoformat()},
    {"reported_to": (timezone.localdate() - timedelta(days=7)).isoformat()},
    {"overdue": "1"},
    {"sort": "oldest"},
    {"sort": "level", "status": "dilaporkan"},
]


@pytest.mark.parametrize("params", FILTERS, ids=[str(f) for f in FILTERS])
def test_filters_equal_the_ui_case_filter(api_as, pusat_kepala, varied_cases, params):
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    expected = [
        c.number for c in selectors.case_list(pusat_kepala, selectors.CaseFilter.from_params(query))
    ]
    body = api_as(pusat_kepala).get("/api/v1/cases", params | {"page_size": 100}).json()
    assert [c["number"] for c in body["items"]] == expected
    assert body["count"] == len(expected)


def test_filters_actually_narrow(api_as, pusat_kepala, varied_cases):
    client = api_as(pusat_kepala)
    assert client.get("/api/v1/cases").json()["count"] == Case.objects.count() == 4
    assert client.get("/api/v1/cases", {"region": "31"}).json()["count"] == 1
    assert client.get("/api/v1/cases", {"status": "terverifikasi"}).json()["count"] == 1
    assert client.get("/api/v1/cases", {"q": "wakaf"}).json()["count"] == 1


def test_list_is_scoped_to_jurisdiction(api_as, make_user, varied_cases):
    body = api_as(make_user("other_province", "kepala")).get("/api/v1/cases").json()
    assert [c["title"] for c in body["items"]] == ["Ujaran kebencian daring"]
