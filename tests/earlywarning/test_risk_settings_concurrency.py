"""Two Pusat analysts calibrating at once cannot silently overwrite each other.

The risk settings carry a strong ETag (``services.settings_tag``). The API answers GET
with it and needs it back in If-Match to save: missing → 428, malformed → 400, stale →
412 with the current ETag; nothing is written. The calibration page carries the same
tag in a hidden field: a stale save shows the current values and saves nothing.
"""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from selaras.audit.models import AuditEntry
from selaras.earlywarning import services
from selaras.earlywarning.models import RiskSettings
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD

URL = "/api/v1/risk/settings"
BODY = {"weights": {"kekerasan": 7}, "half_life_days": 10, "window_days": 60,
        "case_weights": {"1": 3, "2": 6, "3": 10}, "thresholds": [15, 25, 40],
        "auto_open_case": True}
STALE_TEXT = ("Someone else changed these settings while you were editing; review the "
              "current values and save again.")


@pytest.fixture(autouse=True)
def _english(settings):
    """The page assertions use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _saved() -> tuple:
    s = RiskSettings.current()
    return (s.weights, s.half_life_days, s.window_days, s.case_weights, s.threshold_1,
            s.threshold_2, s.threshold_3, s.auto_open_case, s.updated_at)


def _put(api: ApiClient, body=None, **headers):
    return api.client.put(URL, data=json.dumps(BODY if body is None else body),
                          content_type="application/json", headers={**api.headers, **headers})


def _someone_else_saves(make_user, threshold_1=12) -> None:
    services.save_settings(actor=make_user("pusat", "admin"), weights={},
                           half_life_days=14, window_days=90,
                           case_weights={1: 3, 2: 6, 3: 10},
                           thresholds=(threshold_1, 20, 35), auto_open_case=False)


# --------------------------------------------------------------------------- API


def test_get_answers_with_a_stable_strong_etag(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    first, second = api.get(URL), api.get(URL)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"rs-') and etag.endswith('"') and not etag.startswith("W/")
    assert second["ETag"] == etag
    assert etag == f'"{services.settings_tag(RiskSettings.current())}"'


def test_saving_without_if_match_is_428_and_changes_nothing(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    before = _saved()
    response = _put(api)
    assert response.status_code == 428, response.content
    assert "If-Match" in response.json()["detail"]
    assert _saved() == before


@pytest.mark.parametrize("header", ["rs-0123", '"rs-a", "rs-b"', 'W/"rs-a', "   ,  junk"])
def test_a_malformed_if_match_is_400_and_changes_nothing(db, pusat_kepala, header):
    api = ApiClient(pusat_kepala)
    before = _saved()
    response = _put(api, **{"If-Match": header})
    assert response.status_code == 400, response.content
    assert "If-Match" in response.json()["detail"]
    assert _saved() == before


def test_a_stale_if_match_is_412_with_the_current_etag_and_changes_nothing(
        db, pusat_kepala, make_user):
    api = ApiClient(pusat_kepala)
    read = api.get(URL)["ETag"]
    _someone_else_saves(make_user)
    before = _saved()
    audit_rows = AuditEntry.objects.count()
    response = _put(api, **{"If-Match": read})
    assert response.status_code == 412, response.content
    assert response["ETag"] == api.get(URL)["ETag"] != read
    assert _saved() == before and before[4] == 12  # the other analyst's save stands
    assert AuditEntry.objects.count() == audit_rows


def test_a_fresh_if_match_saves_and_answers_with_the_new_etag(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    read = api.get(URL)["ETag"]
    response = _put(api, **{"If-Match": read})
    assert response.status_code == 200, response.content
    assert response.json()["thresholds"] == [15.0, 25.0, 40.0]
    saved = RiskSettings.current()
    assert (saved.threshold_1, saved.half_life_days, saved.auto_open_case) == (15, 10, True)
    assert response["ETag"] != read
    assert response["ETag"] == api.get(URL)["ETag"]
    # The answer's ETag is good for the next save; the one read before is not.
    assert _put(api, {**BODY, "window_days": 30}, **{"If-Match": read}).status_code == 412
    again = _put(api, {**BODY, "window_days": 30}, **{"If-Match": response["ETag"]})
    assert again.status_code == 200 and RiskSettings.current().window_days == 30


def test_a_weak_form_of_the_current_tag_and_star_match(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    assert _put(api, **{"If-Match": "*"}).status_code == 200
    weak = "W/" + api.get(URL)["ETag"]
    assert _put(api, {**BODY, "window_days": 45}, **{"If-Match": weak}).status_code == 200
    assert RiskSettings.current().window_days == 45


def test_the_role_is_checked_before_if_match(db, make_user):
    api = ApiClient(make_user("pusat", "analis"))
    before = _saved()
    assert _put(api).status_code == 403
    assert _saved() == before


def test_the_schema_documents_if_match_and_the_etag(db):
    from selaras.api import api

    paths = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"),
                                  default=str))["paths"][URL]
    put = paths["put"]
    if_match = [p for p in put["parameters"] if p["name"] == "If-Match"]
    assert if_match and if_match[0]["in"] == "header" and if_match[0]["required"] is True
    assert {"400", "412", "428"} <= set(put["responses"])
    assert "ETag" in put["responses"]["412"]["headers"]
    assert "ETag" in put["responses"]["200"]["headers"]
    assert "ETag" in paths["get"]["responses"]["200"]["headers"]


# --------------------------------------------------------------------------- service


def test_the_service_refuses_a_stale_tag_and_records_each_save_in_the_audit_chain(
        db, pusat_kepala, make_user):
    read = services.settings_tag(RiskSettings.current())
    _someone_else_saves(make_user)
    before = _saved()
    values = dict(weights={}, half_life_days=14, window_days=90,
                  case_weights={1: 3, 2: 6, 3: 10}, thresholds=(15, 25, 40),
                  auto_open_case=False)
    with pytest.raises(services.StaleSettings) as refused:
        services.save_settings(actor=pusat_kepala, expected_tag=read, **values)
    assert services.settings_tag(refused.value.current) == services.settings_tag(
        RiskSettings.current())
    assert _saved() == before
    saved = services.save_settings(actor=pusat_kepala,
                                   expected_tag=services.settings_tag(RiskSettings.current()),
                                   **values)
    assert saved.threshold_1 == 15
    entry = AuditEntry.objects.filter(action="risk_settings_changed").order_by("-seq").first()
    assert entry.actor_id == pusat_kepala.pk and entry.object_type == "risk_settings"
    assert entry.data["changed"]["thresholds"] == {"from": [12.0, 20.0, 35.0],
                                                   "to": [15.0, 25.0, 40.0]}


@pytest.mark.skipif(not connection.features.has_select_for_update,
                    reason="the database has no row locks (SQLite serialises writers)")
def test_the_tag_is_compared_under_a_row_lock(db, pusat_kepala):
    tag = services.settings_tag(RiskSettings.current())
    with CaptureQueriesContext(connection) as queries:
        services.save_settings(actor=pusat_kepala, expected_tag=tag, weights={},
                               half_life_days=14, window_days=90,
                               case_weights={1: 3, 2: 6, 3: 10}, thresholds=(15, 25, 40),
                               auto_open_case=False)
    assert any("FOR UPDATE" in q["sql"] and "earlywarning_risksettings" in q["sql"]
               for q in queries.captured_queries)


# --------------------------------------------------------------------------- page


def _page_data(response) -> dict:
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["auto_open_case"] = "on" if data["auto_open_case"] else ""
    return data


def test_the_page_refuses_a_stale_save_shows_the_current_values_and_saves_nothing(
        db, make_user):
    client = Client()
    assert client.login(username=make_user("pusat", "kepala").username, password=PASSWORD)
    url = reverse("earlywarning-calibration")
    page = client.get(url)
    data = {**_page_data(page), "threshold_1": 5, "action": "save"}
    assert data["settings_tag"] == services.settings_tag(RiskSettings.current())
    assert 'name="settings_tag"' in page.content.decode()
    _someone_else_saves(make_user)  # threshold 1 is now 12
    before = _saved()

    stale = client.post(url, data)
    html = stale.content.decode()
    assert stale.status_code == 409
    assert STALE_TEXT in html
    assert 'id="conflict"' in html and ">12.0<" in html  # the value saved meanwhile
    assert _saved() == before
    # The form keeps what was typed and now carries the current tag: after review, the
    # next save goes through.
    form = stale.context["form"]
    assert form["threshold_1"].value() in (5, "5")
    assert form["settings_tag"].value() == services.settings_tag(RiskSettings.current())
    again = client.post(url, {**data, "settings_tag": form["settings_tag"].value()})
    assert again.status_code == 302 and RiskSettings.current().threshold_1 == 5


def test_a_page_posted_without_its_tag_saves_nothing(db, make_user):
    client = Client()
    assert client.login(username=make_user("pusat", "kepala").username, password=PASSWORD)
    url = reverse("earlywarning-calibration")
    data = {**_page_data(client.get(url)), "threshold_1": 5, "action": "save"}
    del data["settings_tag"]
    before = _saved()
    response = client.post(url, data)
    assert response.status_code == 409 and STALE_TEXT in response.content.decode()
    assert _saved() == before
