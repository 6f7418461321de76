"""Hotspots (districts with repeated cases) and recurring parties (kepala and up)."""

from selaras.analytics.filters import DashboardFilter
from selaras.analytics.hotspots import district_hotspots, recurring_parties
from selaras.analytics.scope import counted_cases, listed_cases

from .conftest import PARTY, PERIOD


def test_hotspots_ranked_and_scoped(world):
    flt = DashboardFilter.from_params({})
    own = district_hotspots(counted_cases(world.users["own_kepala"]), flt)
    # Sukasari (327301): c1, c3 (confidential, counted), c4; Coblong has one case only.
    assert [(h.code, h.count) for h in own] == [("327301", 3)]
    assert own[0].by_level == {1: 2, 3: 1}
    neighbour = district_hotspots(counted_cases(world.users["sibling_kepala"]), flt)
    assert [(h.code, h.count) for h in neighbour] == [("320405", 2)]
    kanwil = district_hotspots(counted_cases(world.users["kanwil_kepala"]), flt)
    assert [(h.code, h.count) for h in kanwil] == [("327301", 3), ("320405", 2)]


def test_recurring_parties_count_only_listed_cases(world):
    flt = DashboardFilter.from_params({})
    own = recurring_parties(listed_cases(world.users["own_kepala"]), flt)
    assert [(p.name, p.cases) for p in own] == [(PARTY, 2)]  # c3 is confidential for them
    pusat = recurring_parties(listed_cases(world.users["pusat"]), flt)
    assert [(p.name, p.cases) for p in pusat] == [(PARTY, 3)]
    assert recurring_parties(listed_cases(world.users["sibling_kepala"]), flt) == []


def test_parties_shown_to_kepala_not_to_analysts(world, web):
    kepala = web(world.users["own_kepala"]).get("/dasbor/titik-rawan/", PERIOD)
    assert kepala.status_code == 200 and PARTY in kepala.content.decode()
    analis = web(world.users["own_analis"]).get("/dasbor/titik-rawan/", PERIOD)
    assert analis.status_code == 200
    body = analis.content.decode()
    assert PARTY not in body and "Parties in more than one case" not in body
    assert "327301" in body  # the aggregate hotspot is there
