"""API: GET /playbooks, GET /cases/{number}/playbook, POST /cases/{number}/playbook/steps/{n}."""

import pytest

from selaras.cases.models import CaseEvent
from tests.api.conftest import ApiClient


@pytest.fixture
def api(db):
    return ApiClient


def test_list_playbooks(api, playbook, make_user):
    response = api(make_user("child", "penangan")).get("/api/v1/playbooks")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    first = body["items"][0]["steps"][0]
    assert first["title"] == "Musyawarah"
    assert first["legal_basis"] == {"regulation": "PBM 9/8 2006", "article": "Pasal 21 ayat (1)",
                                    "text": "", "verified": True}


def test_case_playbook_and_step_actions(api, verified_case, kepala):
    client = api(kepala)
    url = f"/api/v1/cases/{verified_case.number}/playbook"
    body = client.get(url).json()
    assert body["attached"] is True and body["total"] == 3 and body["done"] == 0
    assert body["steps"][0]["is_next"] and body["steps"][0]["due_date"]

    refused = client.post(f"{url}/steps/1", {"action": "skip"})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]

    done = client.post(f"{url}/steps/1", {"action": "complete", "note": "Musyawarah selesai."})
    assert done.status_code == 200 and done.json()["done"] == 1
    skipped = client.post(f"{url}/steps/2", {"action": "skip", "reason": "FKUB sudah hadir."})
    assert skipped.status_code == 200
    steps = skipped.json()["steps"]
    assert [s["status"] for s in steps] == ["done", "skipped", "pending"] and steps[2]["is_next"]
    assert client.post(f"{url}/steps/2", {"action": "skip", "reason": "x"}).status_code == 409
    assert client.post(f"{url}/steps/9", {"action": "skip", "reason": "x"}).status_code == 404
    assert client.post(f"{url}/steps/1", {"action": "tunda"}).status_code == 422
    bad = client.post(f"{url}/steps/3", {"action": "complete", "attachment": 987654})
    assert bad.status_code == 422 and "attachment" in bad.json()["errors"]
    assert CaseEvent.objects.filter(case=verified_case, kind="playbook").count() == 3


def test_sibling_unit_gets_404(api, verified_case, make_user):
    client = api(make_user("sibling", "kepala"))
    url = f"/api/v1/cases/{verified_case.number}/playbook"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/steps/1", {"action": "skip", "reason": "x"}).status_code == 404


def test_reader_may_not_act(api, verified_case, make_user):
    client = api(make_user("own", "analis"))
    url = f"/api/v1/cases/{verified_case.number}/playbook"
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/steps/1", {"action": "skip", "reason": "x"}).status_code == 403


def test_case_without_playbook(api, make_case, kepala):
    case = make_case(category="pemakaman")
    body = api(kepala).get(f"/api/v1/cases/{case.number}/playbook").json()
    assert body == {"attached": False, "playbook_id": None, "title": None, "version": None,
                    "how": None, "attached_at": None, "done": 0, "total": 0, "steps": []}
