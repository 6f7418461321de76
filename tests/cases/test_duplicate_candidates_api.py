"""POST /api/v1/cases/duplicate-candidates: the draft's candidates, scoped to the caller."""

from tests.api.conftest import ApiClient

DRAFT = {"title": "Penolakan renovasi musala", "category": "rumah_ibadah",
         "location": "3273011001"}


def test_candidates_for_a_draft(make_case, make_user):
    case = make_case()
    head = make_user("own", "kepala")
    response = ApiClient(head).post("/api/v1/cases/duplicate-candidates", DRAFT)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    [item] = data["items"]
    assert item["number"] == case.number and item["score"] > 50 and item["reasons"]


def test_nothing_outside_jurisdiction(make_case, make_user):
    make_case()
    jakarta = make_user("other_province", "kepala")
    data = ApiClient(jakarta).post("/api/v1/cases/duplicate-candidates", DRAFT).json()
    assert data == {"items": [], "count": 0}


def test_bad_input_is_422_not_500(make_user):
    client = ApiClient(make_user("own", "kepala"))
    assert client.post("/api/v1/cases/duplicate-candidates",
                       {**DRAFT, "occurred_at": "kemarin"}).status_code == 422
    assert client.post("/api/v1/cases/duplicate-candidates",
                       {**DRAFT, "unknown": 1}).status_code == 422
    assert client.post("/api/v1/cases/duplicate-candidates", "[]").status_code == 400
