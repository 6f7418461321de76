"""The offline map: clusters, colours by level, scoping, no outside resources."""

import re

from django.test import override_settings

from selaras.analytics.filters import DashboardFilter
from selaras.analytics.mapdata import build_map
from selaras.analytics.scope import counted_cases

from .conftest import PERIOD


def test_clusters_add_up_and_are_coloured_by_their_mean_level(world):
    data = build_map(counted_cases(world.users["own_kepala"]),
                     DashboardFilter.from_params({**PERIOD, "region": "3273"}))
    assert data.total == 4
    assert sum(c.count for c in data.clusters) + data.without_coordinates == 4
    sukasari = [c for c in data.clusters if c.by_level.get(3)]
    # Sukarasa village: c1 (1), c3 (3), c4 (1) → mean 1.67 → level 2; the breakdown is kept.
    assert sukasari and sukasari[0].level == 2
    assert sukasari[0].by_level == {1: 2, 3: 1}


def test_map_is_scoped(world):
    own = build_map(counted_cases(world.users["own_kepala"]), DashboardFilter.from_params(PERIOD))
    neighbour = build_map(counted_cases(world.users["sibling_kepala"]),
                          DashboardFilter.from_params(PERIOD))
    pusat = build_map(counted_cases(world.users["pusat"]), DashboardFilter.from_params(PERIOD))
    assert (own.total, neighbour.total, pusat.total) == (4, 2, 7)
    links = " ".join(c.url for c in neighbour.clusters)
    assert "3273" not in links


def test_map_page_needs_no_outside_resource(world, web):
    response = web(world.users["pusat"]).get("/dasbor/peta/", PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "map__cluster--" in body
    assert not re.search(r'(src|href)="https?://', body)
    assert "<image" not in body
    assert "style=" not in body


@override_settings(MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png")
def test_an_operator_tile_server_is_optional_and_allowed_by_the_csp(world, web):
    response = web(world.users["pusat"]).get("/dasbor/peta/", PERIOD)
    assert response.status_code == 200
    assert "https://tiles.example.org/" in response.content.decode()
    assert "https://tiles.example.org" in response["Content-Security-Policy"]
    other = web(world.users["pusat"]).get("/dasbor/", PERIOD)
    assert "tiles.example.org" not in other["Content-Security-Policy"]
