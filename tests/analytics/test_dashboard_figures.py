"""Every dashboard figure against the hand-counted world (see conftest)."""

from selaras.analytics.figures import compute_summary
from selaras.analytics.filters import DashboardFilter
from selaras.analytics.scope import counted_cases, listed_cases

from .conftest import PERIOD


def summary_for(user, **params):
    flt = DashboardFilter.from_params({**PERIOD, **params})
    return compute_summary(counted_cases(user), flt, listed_cases(user))


def counts(figures):
    return {f.key: f.count for f in figures if f.count}


def test_kankemenag_counts_by_status_level_category_and_stage(world):
    s = summary_for(world.users["own_kepala"])
    assert s.total == 4  # c1, c2, c3 (confidential), c4
    assert counts(s.by_status) == {"selesai": 1, "terverifikasi": 1, "dilaporkan": 1,
                                   "ditolak": 1}
    assert counts(s.by_level) == {"1": 2, "2": 1, "3": 1}
    assert counts(s.by_category) == {"rumah_ibadah": 3, "penodaan_agama": 1}
    assert counts(s.by_stage) == {"pencegahan": 4}


def test_new_and_resolved_per_month(world):
    s = summary_for(world.users["own_kepala"])
    assert [(m.month, m.new, m.resolved) for m in s.months] == [
        ("2026-03", 2, 1), ("2026-04", 2, 0)]


def test_open_cases_by_handling_unit(world):
    s = summary_for(world.users["own_kepala"])
    # c2 is handled by Kota Bandung (level 2), the confidential c3 by the Kanwil (level 3).
    assert counts(s.open_by_unit) == {"3273": 1, "32": 1}
    assert s.open_total == 2


def test_confidential_case_is_counted_not_listed(world):
    s = summary_for(world.users["own_kepala"])
    assert s.not_listed == 1
    listed = listed_cases(world.users["own_kepala"])
    assert not listed.filter(pk=world.cases["c3"].pk).exists()
    assert counted_cases(world.users["own_kepala"]).filter(pk=world.cases["c3"].pk).exists()


def test_scoping_of_every_figure(world):
    """A Kankemenag never counts a neighbour's cases; a Kanwil counts its province; Pusat all."""
    own = summary_for(world.users["own_kepala"])
    neighbour = summary_for(world.users["sibling_kepala"])
    kanwil = summary_for(world.users["kanwil_kepala"])
    pusat = summary_for(world.users["pusat"])
    assert neighbour.total == 2  # c5, c7 only
    assert counts(neighbour.by_status) == {"dilaporkan": 2}
    assert counts(neighbour.by_level) == {"1": 1, "2": 1}
    assert counts(neighbour.by_category) == {"rumah_ibadah": 2}
    assert [(m.new, m.resolved) for m in neighbour.months] == [(1, 0), (1, 0)]
    assert counts(neighbour.open_by_unit) == {"3204": 1, "320405": 1}
    assert neighbour.not_listed == 0
    assert kanwil.total == 6 and kanwil.not_listed == 0
    assert pusat.total == 7
    assert counts(pusat.by_category) == {"rumah_ibadah": 5, "penodaan_agama": 2}
    assert own.total + neighbour.total + 1 == pusat.total  # + c6 in Jakarta


def test_filters_region_category_level(world):
    user = world.users["kanwil_kepala"]
    assert summary_for(user, region="3273").total == 4
    assert summary_for(user, region="327301").total == 3
    assert summary_for(user, region="320405").total == 2
    assert summary_for(user, category="penodaan_agama").total == 1
    assert summary_for(user, alert_level="1").total == 3  # c1, c4, c7
    assert summary_for(user, reported_from="2026-04-01").total == 3  # c3, c4, c7
    # A Kankemenag filtering on its neighbour's district gets nothing.
    assert summary_for(world.users["own_kepala"], region="320405").total == 0


def test_every_figure_links_to_the_case_list_with_the_same_filter(world):
    s = summary_for(world.users["own_kepala"], category="rumah_ibadah")
    status = next(f for f in s.by_status if f.key == "selesai")
    assert status.url.startswith("/kasus/?")
    assert "status=selesai" in status.url and "category=rumah_ibadah" in status.url
    assert "reported_from=2026-03-01" in status.url and "reported_to=2026-04-30" in status.url
    level = next(f for f in s.by_level if f.key == "3")
    assert "alert_level=3" in level.url
    stage = next(f for f in s.by_stage if f.key == "pencegahan")
    assert "legal_stage=pencegahan" in stage.url
    march = s.months[0]
    assert "reported_from=2026-03-01" in march.new_url
    assert "reported_to=2026-03-31" in march.new_url
    unit = next(f for f in s.open_by_unit if f.key == "32")
    assert "unit=32" in unit.url and "reported_from" not in unit.url
    assert "status=dilaporkan%2Cterverifikasi%2Cditangani%2Cpemantauan" in unit.url


def test_linked_list_shows_the_listed_cases_of_a_figure(world, web):
    client = web(world.users["own_kepala"])
    s = summary_for(world.users["own_kepala"])
    level3 = next(f for f in s.by_level if f.key == "3")
    assert level3.count == 1
    page = client.get(level3.url)
    assert page.status_code == 200
    # The confidential case is counted but its link lists nothing.
    assert world.cases["c3"].number not in page.content.decode()
    level1 = next(f for f in s.by_level if f.key == "1")
    body = client.get(level1.url).content.decode()
    assert world.cases["c1"].number in body and world.cases["c4"].number in body
    other_stage = next(f for f in s.by_stage if f.key == "pemulihan")
    assert other_stage.count == 0
    body = client.get(other_stage.url).content.decode()
    assert world.cases["c1"].number not in body


def test_bad_filters_are_refused_with_a_message(world, web):
    client = web(world.users["own_kepala"])
    for params in ({"region": "abc"}, {"reported_from": "2026-13-01"},
                   {"alert_level": "9"}, {"category": "nope"}, {"period": "x"},
                   {"reported_from": "2026-05-01", "reported_to": "2026-04-01"},
                   {"region": "32\x00"}):
        response = client.get("/dasbor/", params)
        assert response.status_code == 400, params
        assert "There is a problem" in response.content.decode()
