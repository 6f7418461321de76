"""API: situation reports, area risk with explanation and roll-ups, external signals."""

from datetime import timedelta

import pytest

from selaras.earlywarning.models import ExternalSignal, SituationReport
from tests.api.conftest import ApiClient

from .conftest import DISTRICT, OTHER_DISTRICT, SIBLING_DISTRICT, T


def test_create_and_list_reports(frozen, make_user):
    kua = make_user("child", "pelapor")
    api = ApiClient(kua)
    response = api.post("/api/v1/situation-reports", {
        "district": DISTRICT, "kind": "ad_hoc", "note": "Spanduk provokatif",
        "ratings": {"provokasi": {"rating": 2, "note": "spanduk"}, "dialog": 1}})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["district"] == DISTRICT and body["week"] == "2026-03-02"
    assert {r["indicator"]: r["rating"] for r in body["ratings"]} == {"provokasi": 2,
                                                                    "dialog": 1}
    listed = api.get("/api/v1/situation-reports", {"district": DISTRICT}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api.get(f"/api/v1/situation-reports/{body['id']}").status_code == 200


def test_list_is_scoped_and_filtered(frozen, make_user, file_report):
    kua = make_user("child", "pelapor")
    coblong = make_user("child2", "pelapor")
    sibling = make_user("sibling_kua", "pelapor")
    mine = file_report(kua, ancaman=1)
    file_report(coblong, district=OTHER_DISTRICT, ancaman=1)
    theirs = file_report(sibling, district=SIBLING_DISTRICT, ancaman=1)
    old = file_report(kua, days_ago=21, ancaman=1)
    ids = {i["id"] for i in ApiClient(kua).get("/api/v1/situation-reports").json()["items"]}
    assert ids == {mine.pk, old.pk}
    regency = ApiClient(make_user("own", "analis"))
    assert regency.get("/api/v1/situation-reports").json()["count"] == 3
    recent = regency.get("/api/v1/situation-reports", {"week_from": "2026-03-01"}).json()
    assert recent["count"] == 2
    assert ApiClient(kua).get(f"/api/v1/situation-reports/{theirs.pk}").status_code == 404
    # A district outside the jurisdiction is 404, a malformed code 422.
    assert ApiClient(kua).get("/api/v1/situation-reports",
                              {"district": SIBLING_DISTRICT}).status_code == 404
    assert ApiClient(kua).get("/api/v1/situation-reports",
                              {"district": "99"}).status_code == 422


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"district": "9999"}, 422, "district"),
    ({"district": DISTRICT, "ratings": {"ancaman": 7}}, 422, "ratings.ancaman"),
    ({"district": DISTRICT, "ratings": {"ghost": 1}}, 422, "ratings.ghost"),
    ({"district": DISTRICT, "kind": "yearly"}, 422, "kind"),
    ({"district": SIBLING_DISTRICT}, 403, None),
])
def test_create_refuses_bad_input(frozen, make_user, body, status, field):
    response = ApiClient(make_user("child", "pelapor")).post("/api/v1/situation-reports", body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()["errors"]
    assert not SituationReport.objects.exists()


def test_risk_of_a_district_explains_the_worked_example(worked_example):
    body = ApiClient(worked_example["kua"]).get("/api/v1/risk", {"region": DISTRICT}).json()
    assert body["score"] == 21.5 and body["level"] == 2 and body["level_label"] == "Siaga"
    assert (body["conflict"], body["peace"], body["cases"]) == (18.5, 3.0, 6.0)
    rows = body["explanation"]
    assert [r["value"] for r in rows] == [8.0, 6.0, 6.0, 3.0, -3.0, 1.5]
    signal = rows[-1]
    assert signal["source"] == "si_rukun" and signal["decay"] == 0.25
    assert signal["label"] == "Ujaran kebencian / hoaks"
    case_row = next(r for r in rows if r["kind"] == "case")
    assert case_row["case_number"] == worked_example["case"].number


def test_cases_the_caller_cannot_see_are_masked_in_the_explanation(worked_example, make_case):
    make_case(alert_level=3, confidential=True)  # handled by the Kanwil: hidden from the KUA
    rows = ApiClient(worked_example["kua"]).get("/api/v1/risk", {"region": DISTRICT}) \
        .json()["explanation"]
    hidden = [r for r in rows if r["kind"] == "case" and r["alert_level"] == 3]
    assert hidden and hidden[0]["case_number"] == "" and hidden[0]["ref"] is None


def test_regency_and_province_roll_up(worked_example, make_user, file_report):
    coblong = make_user("child2", "pelapor")
    file_report(coblong, district=OTHER_DISTRICT, kekerasan=2)  # 2 × 6 = 12 → Waspada
    api = ApiClient(make_user("kanwil", "analis"))
    regency = api.get("/api/v1/risk", {"region": "3273"}).json()
    assert regency["region_level"] == "regency"
    assert regency["score"] == 21.5 and regency["level"] == 2  # the worst district
    assert regency["districts"] == 30  # Kota Bandung has 30 districts
    assert regency["mean"] == pytest.approx((21.5 + 12) / 30, abs=0.01)  # 1.12
    assert regency["by_level"] == {"1": 1, "2": 1, "3": 0}
    assert [d["code"] for d in regency["top"]] == [DISTRICT, OTHER_DISTRICT]
    province = api.get("/api/v1/risk", {"region": "32"}).json()
    assert province["score"] == 21.5 and province["region_level"] == "province"


def test_risk_scoping_and_bad_codes(worked_example, make_user):
    kua = ApiClient(worked_example["kua"])
    assert kua.get("/api/v1/risk", {"region": "3273"}).status_code == 404  # above the KUA
    assert kua.get("/api/v1/risk", {"region": SIBLING_DISTRICT}).status_code == 404
    for bad in ("", "12345", "abc", "3273011001", "99"):
        assert kua.get("/api/v1/risk", {"region": bad}).status_code == 422, bad
    admin = ApiClient(make_user("child", "admin"))  # admins see no area
    assert admin.get("/api/v1/risk", {"region": DISTRICT}).status_code == 404
    assert ApiClient(make_user("pusat", "analis")).get(
        "/api/v1/risk", {"region": SIBLING_DISTRICT}).status_code == 200


def test_external_signal_is_idempotent_and_feeds_the_score(frozen, make_user):
    sirukun = make_user("pusat", "pelapor", username="sirukun", is_service_account=True)
    api = ApiClient(sirukun)
    body = {"source": "si_rukun", "external_id": "SR-77", "district": DISTRICT,
            "indicator": "mobilisasi", "rating": 3,
            "observed_at": (T - timedelta(days=14)).isoformat(), "note": "Seruan aksi"}
    first = api.post("/api/v1/risk/signals", body)
    assert first.status_code == 201 and first.json()["created"] is True
    again = api.post("/api/v1/risk/signals", {**body, "rating": 1})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert again.json()["rating"] == 3  # the stored signal; nothing changed
    assert ExternalSignal.objects.count() == 1
    risk = api.get("/api/v1/risk", {"region": DISTRICT}).json()
    assert risk["score"] == 6.0  # 3 × 4 × 0.5
    assert risk["explanation"][0]["source"] == "si_rukun"


@pytest.mark.parametrize(("change", "field"), [
    ({"district": "3273"}, "district"),
    ({"indicator": "weather"}, "indicator"),
    ({"rating": 9}, "rating"),
    ({"source": "si rukun!"}, "source"),
    ({"external_id": ""}, "external_id"),
    ({"observed_at": "2031-01-01T00:00:00+07:00"}, "observed_at"),
])
def test_bad_signals_are_refused(frozen, make_user, change, field):
    api = ApiClient(make_user("pusat", "pelapor"))
    body = {"source": "si_rukun", "external_id": "X1", "district": DISTRICT,
            "indicator": "ancaman", "rating": 2, **change}
    response = api.post("/api/v1/risk/signals", body)
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not ExternalSignal.objects.exists()


def test_signals_outside_the_senders_area_are_forbidden(frozen, make_user):
    api = ApiClient(make_user("sibling", "pelapor"))
    response = api.post("/api/v1/risk/signals", {
        "source": "si_rukun", "external_id": "X1", "district": DISTRICT,
        "indicator": "ancaman", "rating": 2})
    assert response.status_code == 403 and not ExternalSignal.objects.exists()


def test_indicators_endpoint_lists_codes_and_weights(db, make_user):
    rows = ApiClient(make_user("child", "pelapor")).get("/api/v1/risk/indicators").json()
    assert {"code": "kekerasan", "kind": "conflict", "label": "Kekerasan", "weight": 6.0} in rows


def test_alerts_list_is_scoped_and_links_reports_signals_and_case(worked_example, make_user):
    from selaras.earlywarning import services

    services.recompute(T)
    body = ApiClient(worked_example["kua"]).get("/api/v1/risk/alerts").json()
    assert body["count"] == 1
    alert = body["items"][0]
    assert (alert["district"], alert["level"], alert["previous_level"]) == (DISTRICT, 2, 0)
    assert alert["unit"] == "3273" and alert["has_case"] is False
    assert alert["reports"] == sorted([worked_example["a"].pk, worked_example["b"].pk])
    assert alert["signals"] == ["si_rukun:SR-1"]
    outsider = ApiClient(make_user("sibling", "kepala"))
    assert outsider.get("/api/v1/risk/alerts").json()["count"] == 0
    assert outsider.get("/api/v1/risk/alerts", {"region": DISTRICT}).status_code == 404


@pytest.mark.parametrize("report_id", ["%C2%B2", "99999999999999999999999", "-1", "abc"])
def test_odd_report_ids_are_404_not_500(make_user, report_id):
    # "²" passes str.isdigit() but is no integer; a huge id overflows the column.
    response = ApiClient(make_user("child", "pelapor")).get(
        f"/api/v1/situation-reports/{report_id}")
    assert response.status_code == 404
