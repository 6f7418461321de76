"""GET /stats/hotspots, /stats/response-times, /stats/quality: the detail pages' figures,
for the caller's jurisdiction, from the same functions (worked world of tests/analytics)."""

import pytest

from selaras.analytics import quality, response, scope
from selaras.analytics.filters import DashboardFilter
from tests.analytics.conftest import PARTY, PERIOD, world  # noqa: F401 (fixture)
from tests.api.conftest import ApiClient


def test_hotspots_scoped_and_parties_only_for_heads(world):  # noqa: F811
    own = ApiClient(world.users["own_kepala"]).get("/api/v1/stats/hotspots", PERIOD)
    assert own.status_code == 200
    body = own.json()
    assert [(h["code"], h["count"], h["by_level"]) for h in body["hotspots"]] == [
        ("327301", 3, {"1": 2, "3": 1})]
    assert [(p["name"], p["cases"]) for p in body["recurring_parties"]] == [(PARTY, 2)]
    neighbour = ApiClient(world.users["sibling_kepala"]).get("/api/v1/stats/hotspots").json()
    assert [(h["code"], h["count"]) for h in neighbour["hotspots"]] == [("320405", 2)]
    analyst = ApiClient(world.users["own_analis"]).get("/api/v1/stats/hotspots").json()
    assert analyst["recurring_parties"] is None and analyst["hotspots"]


def test_response_times_equal_the_page(world):  # noqa: F811
    user = world.users["own_kepala"]
    body = ApiClient(user).get("/api/v1/stats/response-times", PERIOD).json()
    verify = body["overall"]["steps"]["verify"]
    assert (verify["n"], verify["median_h"], verify["p90_h"], verify["on_time_share"]) == (
        2, 17.0, 27.4, 50.0)
    rt = response.response_times(scope.counted_cases(user), DashboardFilter.from_params(PERIOD),
                                 depth=scope.report_depth(user))
    assert [r["key"] for r in body["by_unit"]] == [r.key for r in rt.by_unit]
    assert (body["open_cases"], body["open_overdue"]) == (2, 2)
    sibling = ApiClient(world.users["sibling_kepala"]).get(
        "/api/v1/stats/response-times", PERIOD).json()
    assert sibling["overall"]["cases"] == 2 and sibling["overall"]["steps"]["verify"]["n"] == 0


def test_quality_lists_only_cases_the_caller_may_see(world):  # noqa: F811
    user = world.users["own_kepala"]
    body = ApiClient(user).get("/api/v1/stats/quality").json()
    assert [c["number"] for c in body["incomplete"]] == [world.cases["c2"].number]
    assert body["stale_days"] == quality.STALE_DAYS
    units = {a["unit"] for a in body["adoption"]}
    assert "3273" in units and "3204" not in units
    pusat = ApiClient(world.users["pusat"]).get("/api/v1/stats/quality").json()
    assert world.cases["c3"].number not in [c["number"] for c in body["incomplete"]
                                            + body["stale"]]
    assert isinstance(pusat["stale"], list)


@pytest.mark.parametrize("path", ["hotspots", "response-times", "quality"])
@pytest.mark.parametrize("params", [{"region": "123"}, {"reported_from": "kemarin"},
                                    {"alert_level": "7"}, {"period": "forever"}])
def test_bad_filters_are_422(db, make_user, path, params):
    response = ApiClient(make_user("own", "kepala")).get(f"/api/v1/stats/{path}", params)
    assert response.status_code == 422 and response.json()["errors"]


def test_needs_a_token(db):
    assert ApiClient().get("/api/v1/stats/quality").status_code == 401
