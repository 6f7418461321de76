"""Offline intake, server side (issue #9 item 4; docs/offline-intake.md): the service
worker's headers and contents, the page, the user's places as JSON, the session probe,
and the idempotent create through exactly the path the page's queue uses."""

import json
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selaras.cases.models import Case
from selaras.cases.views_offline import PRECACHED_STATIC
from selaras.integration.models import IdempotencyRecord
from tests.conftest import VILLAGE_IN_CHILD

PAGE = "/kasus/lapor/luring/"
REGIONS = "/kasus/lapor/luring/wilayah.json"
SESSION = "/kasus/lapor/luring/sesi.json"
API = "/api/v1/cases"


# --------------------------------------------------------------------------- /sw.js


def test_service_worker_is_served_from_the_root_with_no_cache_headers(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("self.SELARAS_SW = ")
    config = json.loads(body.split("\n", 1)[0][len("self.SELARAS_SW = "):].rstrip(";"))
    assert config["intakeUrl"] == PAGE
    assert config["regionsUrl"] == REGIONS
    assert config["sessionUrl"] == SESSION
    assert config["version"] == response["X-Selaras-Worker-Version"]
    assert len(config["version"]) == 16


def test_service_worker_precaches_files_that_exist_and_no_case_page(client):
    config = json.loads(client.get("/sw.js").content.decode().split("\n", 1)[0]
                        [len("self.SELARAS_SW = "):].rstrip(";"))
    for path in PRECACHED_STATIC:
        assert finders.find(path), f"{path} is precached but does not exist"
    assert all(url.startswith("/static/") for url in config["precache"])
    # The only pages the worker may store are the intake page and the places list.
    assert not any("/kasus/" in url for url in config["precache"])


def test_worker_version_follows_the_cached_files(monkeypatch):
    from selaras.cases import views_offline

    views_offline._worker_source.cache_clear()
    first, _script = views_offline._worker_source()
    real = views_offline._file_bytes
    monkeypatch.setattr(views_offline, "_file_bytes",
                        lambda path: real(path) + (b"changed" if path == "js/offline-intake.js"
                                                   else b""))
    views_offline._worker_source.cache_clear()
    second, _script = views_offline._worker_source()
    views_offline._worker_source.cache_clear()
    assert first != second


# --------------------------------------------------------------------------- page


def test_page_for_a_reporter_is_not_kept_by_the_http_cache(client, make_user):
    client.force_login(make_user("child", "pelapor"))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    html = response.content.decode()
    assert 'id="offline-form"' in html
    assert 'name="category"' in html and 'name="alert_level"' in html


def test_page_refuses_a_role_that_may_not_report(client, make_user):
    client.force_login(make_user("own", "analis"))
    assert client.get(PAGE).status_code == 403
    assert client.get(REGIONS).status_code == 403


def test_page_needs_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_base_page_shows_the_sync_status_for_signed_in_users_only(client, make_user):
    anonymous = client.get("/akun/masuk/").content.decode()
    assert 'id="sync-status" data-signed-out' in anonymous
    client.force_login(make_user("child", "pelapor", username="pelapor_status"))
    html = client.get("/").content.decode()
    assert 'id="sync-status"' in html
    assert 'aria-live="polite"' in html
    assert 'data-username="pelapor_status"' in html


# --------------------------------------------------------------------------- regions


def _regions(client, user):
    client.force_login(user)
    response = client.get(REGIONS)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    return response.json()


def test_regions_of_a_kua_are_its_villages_and_the_levels_above(client, make_user):
    data = _regions(client, make_user("child", "pelapor"))
    codes = [code for code, _name in data["regions"]]
    assert data["villages"] is True
    assert "32" in codes and "3273" in codes and "327301" in codes
    assert VILLAGE_IN_CHILD in codes
    others = [c for c in codes if c not in ("32", "3273") and not c.startswith("327301")]
    assert others == []
    assert codes == sorted(codes)


def test_regions_of_a_kankemenag_cover_its_whole_city(client, make_user):
    data = _regions(client, make_user("own", "pelapor"))
    codes = {code for code, _name in data["regions"]}
    assert data["villages"] is True
    assert {"327301", "327302", VILLAGE_IN_CHILD} <= codes
    assert not any(c.startswith("3204") or c.startswith("31") for c in codes)


def test_a_large_area_falls_back_to_districts(client, make_user, settings):
    settings.OFFLINE_REGION_VILLAGE_LIMIT = 10
    data = _regions(client, make_user("own", "pelapor"))
    codes = [code for code, _name in data["regions"]]
    assert data["villages"] is False
    assert "327301" in codes
    assert not any(len(c) == 10 for c in codes)


def test_pusat_gets_every_district_but_no_village(client, make_user):
    data = _regions(client, make_user("pusat", "pelapor"))
    codes = [code for code, _name in data["regions"]]
    assert data["villages"] is False
    assert {"31", "32", "3273", "327301", "317101"} <= set(codes)
    assert not any(len(c) == 10 for c in codes)


def test_only_roles_that_may_report_widen_the_area(client, make_user):
    user = make_user("child", "pelapor")
    from selaras.org.models import Membership, Unit
    Membership.objects.create(user=user, unit=Unit.objects.get(code="3204"), role="analis")
    codes = [code for code, _name in _regions(client, user)["regions"]]
    assert not any(c.startswith("3204") for c in codes)


def test_regions_cost_the_same_queries_for_a_small_and_a_large_area(make_user):
    counts = []
    for unit in ("child", "own"):
        client = Client()
        client.force_login(make_user(unit, "pelapor"))
        client.get(REGIONS)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REGIONS).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 12


# --------------------------------------------------------------------------- session


def test_session_probe_without_sign_in_is_401_json_not_a_redirect(client):
    response = client.get(SESSION)
    assert response.status_code == 401
    assert response.json() == {"username": None}
    assert response["Cache-Control"] == "private, no-store"


def test_session_probe_names_the_user_and_gives_a_csrf_token(client, make_user):
    client.force_login(make_user("child", "pelapor", username="penyuluh_a"))
    response = client.get(SESSION)
    data = response.json()
    assert response.status_code == 200
    assert data["username"] == "penyuluh_a"
    assert data["may_report"] is True
    assert len(data["csrf_token"]) >= 32
    assert response["Cache-Control"] == "private, no-store"


# --------------------------------------------------------------------------- sending


def _body(**changes) -> str:
    """The body as offline-queue.js builds it (same fields, same order)."""
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    fields = {
        "title": "Penolakan renovasi musala",
        "chronology": "Warga menolak renovasi musala di RT 03.",
        "category": "rumah_ibadah",
        "occurred_at": f"{day}T00:00:00",
        "occurred_precision": "day",
        "location": VILLAGE_IN_CHILD,
        "alert_level": 1,
        "source_channel": "langsung",
        "reporter_name": "",
        "reporter_contact": "",
    }
    fields.update(changes)
    return json.dumps(fields, separators=(",", ":"))


@pytest.fixture
def queue_client(make_user):
    """A browser session as the page's queue has it: CSRF enforced, token from sesi.json."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("child", "pelapor", username="penyuluh_q"))
    token = client.get(SESSION).json()["csrf_token"]

    def send(body: str, key: str, *, csrf: str | None = None):
        return client.post(API, body, content_type="application/json", headers={
            "X-CSRFToken": token if csrf is None else csrf, "Idempotency-Key": key,
            "Accept-Language": "en"})

    return send


def test_the_same_key_twice_creates_one_case(queue_client):
    before = Case.objects.count()
    first = queue_client(_body(), "0f8e6a39-4c1a-4b7e-9b1e-000000000001")
    again = queue_client(_body(), "0f8e6a39-4c1a-4b7e-9b1e-000000000001")
    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == before + 1
    case = Case.objects.get(number=first.json()["number"])
    assert case.source_channel == "langsung"
    assert case.location_id == VILLAGE_IN_CHILD


def test_a_refused_report_comes_back_with_field_errors_and_nothing_is_created(queue_client):
    before = Case.objects.count()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = queue_client(_body(occurred_at=f"{future}T00:00:00", category="no-such"),
                            "0f8e6a39-4c1a-4b7e-9b1e-000000000002")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "occurred_at" in errors and "category" in errors
    assert Case.objects.count() == before


def test_a_fixed_report_needs_a_new_key(queue_client):
    """Why offline-queue.js takes a new key when the body changed after a refusal."""
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    key = "0f8e6a39-4c1a-4b7e-9b1e-000000000003"
    assert queue_client(_body(occurred_at=f"{future}T00:00:00"), key).status_code == 422
    reused = queue_client(_body(), key)
    assert reused.status_code == 422
    assert "Idempotency-Key" in reused.json()["detail"]
    before = Case.objects.count()
    fixed = queue_client(_body(), "0f8e6a39-4c1a-4b7e-9b1e-000000000004")
    assert fixed.status_code == 201
    assert Case.objects.count() == before + 1


def test_without_the_csrf_token_nothing_is_created_and_the_key_stays_free(queue_client):
    before = Case.objects.count()
    key = "0f8e6a39-4c1a-4b7e-9b1e-000000000005"
    refused = queue_client(_body(), key, csrf="wrong")
    assert refused.status_code == 403
    assert Case.objects.count() == before
    assert not IdempotencyRecord.objects.filter(key=key).exists()
    assert queue_client(_body(), key).status_code == 201


def test_a_signed_out_queue_gets_401_and_nothing_is_created(db):
    before = Case.objects.count()
    response = Client().post(API, _body(), content_type="application/json",
                             headers={"Idempotency-Key": "0f8e6a39-4c1a-4b7e-9b1e-000000000006"})
    assert response.status_code == 401
    assert Case.objects.count() == before


def test_worker_version_follows_every_template_and_translation(monkeypatch):
    """The page extends base.html and includes shared blocks: a change to any template (or
    to a compiled translation) must give the worker a new version, else phones keep the
    old copy of the page."""
    from pathlib import Path

    from selaras.cases import views_offline

    sources = [str(p) for p in views_offline._page_sources()]
    for expected in ("templates/base.html", "templates/cases/offline_intake.html",
                     "templates/cases/_category_choices.html",
                     "templates/includes/field.html", "locale/id/LC_MESSAGES/django.mo"):
        assert expected in sources, expected
    views_offline._worker_source.cache_clear()
    first, _script = views_offline._worker_source()
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + (
        b"<!-- changed -->" if self.name == "_level_choices.html" else b""))
    views_offline._worker_source.cache_clear()
    second, _script = views_offline._worker_source()
    views_offline._worker_source.cache_clear()
    assert first != second
