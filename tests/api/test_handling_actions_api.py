"""GET/POST /cases/{number}/actions and GET/PUT /cases/{number}/impact."""

import pytest

from selaras.cases.models import Status

from .handling_helpers import all_counts, days_from_today, linked_party, today, verified


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


def action_body(**extra):
    return {"type": "dialog", "date": today(), "outcome": "Warga bersedia berdialog.", **extra}


def put(client, path, body):
    import json

    return client.client.put(path, json.dumps(body) if not isinstance(body, str) else body,
                             content_type="application/json", headers=client.headers)


def test_first_action_moves_a_verified_case_to_ditangani(api_as, make_case, kepala, penangan):
    case = verified(make_case(), kepala)
    party, _link = linked_party(case, penangan)
    client = api_as(penangan)
    response = client.post(f"/api/v1/cases/{case.number}/actions",
                           action_body(participants=[party.pk], place="Balai RW 05",
                                       officials="Camat Sukasari\nKapolsek"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["type"] == "dialog" and data["date"] == today()
    assert data["participants"] == [{"id": party.pk, "kind": "kelompok",
                                     "name": "Pengurus Musala Al-Ikhlas"}]
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    listed = client.get(f"/api/v1/cases/{case.number}/actions").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == data["id"]


def test_an_unverified_report_gets_409(api_as, make_case, penangan):
    case = make_case()
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/actions", action_body())
    assert response.status_code == 409, response.content
    assert all_counts() == before


def test_bad_values_are_422_with_every_problem(api_as, make_case, kepala, penangan):
    case = verified(make_case(), kepala)
    before = all_counts()
    response = api_as(penangan, language="en").post(
        f"/api/v1/cases/{case.number}/actions",
        {"type": "perang", "date": days_from_today(2), "participants": [424242]})
    assert response.status_code == 422
    assert {"type", "date", "outcome", "participants"} <= set(response.json()["errors"])
    assert all_counts() == before
    case.refresh_from_db()
    assert case.status == Status.TERVERIFIKASI


@pytest.mark.parametrize("body", [
    {"type": "dialog", "date": 20250101, "outcome": "x"},
    {"type": "dialog", "date": "kemarin", "outcome": "x"},
    {"participants": ["1"]},
    {"participants": [0]},
    {"participants": [99999999999999999999999]},
    {"participants": 5},
])
def test_wrong_types_are_refused(api_as, make_case, kepala, penangan, body):
    case = verified(make_case(), kepala)
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/actions", body)
    assert response.status_code == 422, response.content
    assert all_counts() == before


def test_analyst_may_read_but_not_record(api_as, make_case, kepala, make_user):
    case = verified(make_case(), kepala)
    analyst = api_as(make_user("own", "analis"))
    assert analyst.get(f"/api/v1/cases/{case.number}/actions").status_code == 200
    before = all_counts()
    assert analyst.post(f"/api/v1/cases/{case.number}/actions",
                        action_body()).status_code == 403
    assert all_counts() == before


def test_impact_before_anything_is_recorded(api_as, make_case, penangan):
    case = make_case()
    data = api_as(penangan).get(f"/api/v1/cases/{case.number}/impact").json()
    assert data["recorded"] is False and data["dead"] == 0
    assert data["property_damage_estimate"] is None


def test_put_impact_changes_only_the_figures_sent(api_as, make_case, penangan):
    case = make_case()
    client = api_as(penangan)
    path = f"/api/v1/cases/{case.number}/impact"
    first = put(client, path, {"injured": 3, "property_damaged_kind": "Pagar musala",
                               "property_damage_estimate": 1500000})
    assert first.status_code == 200, first.content
    second = put(client, path, {"dead": 1, "reason": "Korban meninggal di rumah sakit"})
    assert second.status_code == 200
    data = client.get(path).json()
    assert (data["dead"], data["injured"], data["property_damage_estimate"]) == (1, 3, 1500000)
    assert data["recorded"] is True and data["updated_by"] == penangan.username
    events = client.get(f"/api/v1/cases/{case.number}/events").json()["items"]
    updated = [e for e in events if e["kind"] == "impact" and e["action"] == "updated"]
    assert updated[0]["data"]["changes"] == {"dead": [0, 1]}
    assert updated[0]["reason"] == "Korban meninggal di rumah sakit"


@pytest.mark.parametrize("body", [{}, {"dead": -1}, {"dead": True}, {"dead": "dua"},
                                  {"injured": 10**30}, {"casualties": 1}, "[]", "{"])
def test_put_impact_refuses_bad_input(api_as, make_case, penangan, body):
    case = make_case()
    before = all_counts()
    response = put(api_as(penangan), f"/api/v1/cases/{case.number}/impact", body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert all_counts() == before


def test_impact_for_outsiders_is_404(api_as, make_case, make_user):
    case = make_case()
    client = api_as(make_user("sibling", "kepala"))
    assert client.get(f"/api/v1/cases/{case.number}/impact").status_code == 404
    before = all_counts()
    assert put(client, f"/api/v1/cases/{case.number}/impact", {"dead": 1}).status_code == 404
    assert all_counts() == before
