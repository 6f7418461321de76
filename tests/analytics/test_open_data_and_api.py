"""Open data (no personal data, small cells suppressed) and the summary API."""

import csv
import io

from selaras.analytics.opendata import HEADER, suppressed
from selaras.cases import services

from .conftest import PARTY, PERIOD, REPORTER


def rows_of(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_suppression_rule():
    assert [suppressed(n) for n in (1, 4, 5, 17)] == ["<5", "<5", "5", "17"]


def test_open_data_has_only_aggregate_columns_and_no_personal_data(world, api):
    response = api(world.users["pusat"]).get("/api/v1/stats/opendata.csv", PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert rows[0] == HEADER
    assert set(rows[0]).isdisjoint({"reporter_name", "reporter_contact", "title", "number",
                                    "chronology", "address", "latitude", "longitude", "nik"})
    text = "\n".join(",".join(r) for r in rows)
    assert REPORTER not in text and PARTY not in text
    for case in world.cases.values():
        assert case.number not in text and case.title not in text
    # 7 cases in 7 distinct cells, every one under 5.
    assert len(rows) - 1 == 7
    assert {r[-1] for r in rows[1:]} == {"<5"}


def test_open_data_counts_at_or_above_five_are_shown(world, api, make_case):
    for _ in range(5):
        services.create_case(actor=world.users["pusat"], title="Sengketa wakaf",
                             chronology="Sengketa tanah wakaf antara ahli waris dan nazhir.",
                             category="pemakaman", occurred_at="2026-05-01", location="317101",
                             alert_level=2, reported_at="2026-05-02")
    rows = rows_of(api(world.users["pusat"]).get(
        "/api/v1/stats/opendata.csv", {"reported_from": "2026-05-01",
                                       "reported_to": "2026-05-10"}))
    assert rows[1][0] == "31" and rows[1][4] == "2026-05" and rows[1][-1] == "5"


def test_open_data_is_scoped(world, api):
    rows = rows_of(api(world.users["sibling_kepala"]).get("/api/v1/stats/opendata.csv", PERIOD))
    assert {r[2] for r in rows[1:]} == {"3204"}


def test_summary_api_equals_the_dashboard_figures(world, api):
    response = api(world.users["own_kepala"]).get("/api/v1/stats/summary", PERIOD)
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 4 and data["counted_not_listed"] == 1
    assert {f["key"]: f["count"] for f in data["by_alert_level"]} == {"1": 2, "2": 1, "3": 1}
    assert data["per_month"] == [{"month": "2026-03", "new": 2, "resolved": 1},
                                 {"month": "2026-04", "new": 2, "resolved": 0}]
    neighbour = api(world.users["sibling_kepala"]).get("/api/v1/stats/summary", PERIOD).json()
    assert neighbour["total"] == 2


def test_api_errors_follow_the_conventions(world, api):
    client = api(world.users["pusat"])
    bad = client.get("/api/v1/stats/summary", {"region": "x"})
    assert bad.status_code == 422 and "region" in bad.json()["errors"]
    assert client.get("/api/v1/stats/opendata.csv", {"alert_level": "7"}).status_code == 422
    from django.test import Client

    assert Client().get("/api/v1/stats/summary").status_code == 401
