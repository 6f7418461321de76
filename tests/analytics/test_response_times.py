"""Response times: hand-computed medians, 90th percentiles and on-time shares."""

import pytest

from selaras.analytics.filters import DashboardFilter
from selaras.analytics.response import percentile, response_times
from selaras.analytics.scope import counted_cases

from .conftest import PERIOD


def test_percentile_interpolates_like_postgresql():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([4.0, 30.0], 0.5) == 17.0
    assert percentile([4.0, 30.0], 0.9) == pytest.approx(27.4)
    assert percentile([1, 2, 3, 4], 0.5) == 2.5


def test_kankemenag_response_times(world):
    rt = response_times(counted_cases(world.users["own_kepala"]),
                        DashboardFilter.from_params(PERIOD))
    verify = rt.overall.steps["verify"]
    # c1 verified after 4 h (on time), c2 after 30 h (level 2 allows 24 h: late).
    assert (verify.n, verify.median_h, verify.p90_h) == (2, 17.0, 27.4)
    assert verify.on_time_share == 50.0
    first = rt.overall.steps["first_action"]
    assert (first.n, first.median_h, first.on_time_share) == (1, 24.0, 100.0)
    resolve = rt.overall.steps["resolve"]
    assert (resolve.n, resolve.median_h, resolve.on_time_share) == (1, 240.0, 100.0)
    by_level = {row.key: row for row in rt.by_level}
    assert by_level["1"].steps["verify"].median_h == 4.0
    assert by_level["2"].steps["verify"].median_h == 30.0
    assert by_level["3"].steps["verify"].n == 0
    by_unit = {row.key: row for row in rt.by_unit}
    # c1 and c4 (level 1) are handled by KUA Sukasari, c2 by Kota Bandung, c3 by the Kanwil.
    assert by_unit["3273"].steps["verify"].median_h == 30.0
    assert by_unit["327301"].steps["verify"].median_h == 4.0
    assert by_unit["327301"].on_time_share == 100.0
    # Open now: c2 (due 72 h after verification: overdue on 10 May) and c3 (overdue).
    assert (rt.open_cases, rt.open_overdue) == (2, 2)


def test_neighbour_response_times_do_not_include_our_cases(world):
    rt = response_times(counted_cases(world.users["sibling_kepala"]),
                        DashboardFilter.from_params(PERIOD))
    assert rt.overall.cases == 2
    assert rt.overall.steps["verify"].n == 0


def test_response_page_renders(world, web):
    body = web(world.users["own_kepala"]).get("/dasbor/waktu-respons/", PERIOD)
    assert body.status_code == 200
    text = body.content.decode()
    assert "17.0 h" in text and "10.0 d" in text


def test_offices_are_rolled_up_one_level_below_the_user(world):
    from selaras.analytics.scope import report_depth

    pusat = world.users["pusat"]
    rt = response_times(counted_cases(pusat), DashboardFilter.from_params(PERIOD),
                        depth=report_depth(pusat))
    assert {row.key: row.cases for row in rt.by_unit} == {"31": 1, "32": 6}
