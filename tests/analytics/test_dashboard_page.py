"""The dashboard page: privacy, strict CSP, page budget, constant query count."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selaras.cases import services

from .conftest import PARTY, PERIOD, REPORTER


def test_dashboard_for_each_role(world, web):
    for key in ("pusat", "kanwil_kepala", "own_kepala", "own_analis", "sibling_kepala"):
        response = web(world.users[key]).get("/dasbor/", PERIOD)
        assert response.status_code == 200, key
    body = web(world.users["own_analis"]).get("/dasbor/", PERIOD).content.decode()
    assert REPORTER not in body and PARTY not in body
    assert "counted here but you cannot open it" in body


def test_dashboard_link_in_the_main_menu(world, web):
    body = web(world.users["own_kepala"]).get("/").content.decode()
    assert 'href="/dasbor/"' in body


def test_no_inline_script_or_style(world, web):
    for path in ("/dasbor/", "/dasbor/peta/", "/dasbor/titik-rawan/", "/dasbor/waktu-respons/",
                 "/dasbor/kualitas-data/", "/dasbor/rekap/"):
        body = web(world.users["pusat"]).get(path, PERIOD).content.decode()
        assert "style=" not in body, path
        assert "<style" not in body, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), path
        assert not re.search(r"\son[a-z]+=", body), path


def test_page_with_its_assets_stays_under_350_kb_compressed(world, web):
    body = web(world.users["pusat"]).get("/dasbor/", PERIOD).content
    total = len(gzip.compress(body))
    for url in set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', body)):
        path = finders.find(url.decode()[len(settings.STATIC_URL):])
        assert path, url
        total += len(gzip.compress(Path(path).read_bytes()))
    assert total < 350 * 1024, total


def test_constant_query_count(world, web, make_case):
    client = web(world.users["pusat"])
    client.get("/dasbor/", PERIOD)
    with CaptureQueriesContext(connection) as before:
        client.get("/dasbor/", PERIOD)
    for location, level in (("3171011001", 1), ("327302", 2), ("320405", 3)):
        case = make_case(location=location, alert_level=level, category="pemakaman",
                         reported_at="2026-04-10", occurred_at="2026-04-09")
        services.perform_transition(actor=world.users["pusat"], case=case, action="verify")
    with CaptureQueriesContext(connection) as after:
        response = client.get("/dasbor/", PERIOD)
    assert response.status_code == 200
    assert len(after) == len(before)
    assert len(after) <= 15


def test_svg_numbers_are_not_localised_in_indonesian(world, client):
    """Indonesian writes 12,5; an SVG attribute must read 12.5 or the chart vanishes."""
    client.force_login(world.users["pusat"])
    for path in ("/dasbor/", "/dasbor/peta/"):
        body = client.get(path, PERIOD).content.decode()
        assert 'lang="id"' in body
        svg = "".join(re.findall(r"<svg.*?</svg>", body, flags=re.S))
        assert svg
        assert not re.search(r'(?:x|y|cx|cy|r|width|height)="-?\d+,\d+"', svg), path
