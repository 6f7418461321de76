"""Bad input gets a clear 4xx JSON answer and changes nothing — never a 500."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from .helpers import counts


@pytest.fixture
def client(api_as, make_user):
    return api_as(make_user("own", "kepala"), language="en")


def _future():
    return (timezone.now() + timedelta(days=3)).isoformat()


BAD_CREATE = [
    ("unknown region", {"location": "9999999999"}, "location"),
    ("province only", {"location": "32"}, "location"),
    ("future date", {"occurred_at": _future()}, "occurred_at"),
    ("not a date", {"occurred_at": "kemarin sore"}, "occurred_at"),
    ("oversized title", {"title": "x" * 201}, "title"),
    ("huge chronology", {"chronology": "y" * 100_000}, "chronology"),
    ("empty title", {"title": "   "}, "title"),
    ("title not text", {"title": 42}, "title"),
    ("level as text", {"alert_level": "tiga"}, "alert_level"),
    ("level out of range", {"alert_level": 7}, "alert_level"),
    ("level as float", {"alert_level": 2.5}, "alert_level"),
    ("level as bool", {"alert_level": True}, "alert_level"),
    ("unknown category", {"category": "sepak_bola"}, "category"),
    ("subcategory of another", {"subcategory": "penodaan_agama"}, "subcategory"),
    ("religions not a list", {"religions": "islam"}, "religions"),
    ("unknown religion", {"religions": ["islam", "jedi"]}, "religions"),
    ("latitude outside Indonesia", {"latitude": 40.0}, "latitude"),
    ("latitude not a number", {"latitude": "utara"}, "latitude"),
    ("confidential not a bool", {"confidential": "ya"}, "confidential"),
    ("unknown scope", {"scope": "antariksa"}, "scope"),
    ("unknown channel", {"source_channel": "merpati"}, "source_channel"),
    ("NUL in text", {"chronology": "a\x00b"}, "chronology"),
    ("unknown field", {"severity": "high"}, "severity"),
    ("object where text", {"location": {"code": "3273011001"}}, "location"),
]


@pytest.mark.parametrize(("label", "change", "field"), BAD_CREATE, ids=[b[0] for b in BAD_CREATE])
def test_bad_create_is_422_and_writes_nothing(client, valid_case_body, label, change, field):
    before = counts()
    response = client.post("/api/v1/cases", {**valid_case_body, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    assert all(isinstance(m, str) and m for m in body["errors"][field])
    assert body["detail"]
    assert counts() == before


@pytest.mark.parametrize("missing", ["title", "chronology", "category", "occurred_at",
                                     "location", "alert_level"])
def test_each_required_field_is_required(client, valid_case_body, missing):
    before = counts()
    body = {k: v for k, v in valid_case_body.items() if k != missing}
    response = client.post("/api/v1/cases", body)
    assert response.status_code == 422
    assert response.json()["errors"][missing] == ["This field is required."]
    assert counts() == before


def test_all_problems_are_reported_at_once(client):
    before = counts()
    response = client.post("/api/v1/cases", {
        "title": "", "category": "rumah_ibadah", "occurred_at": _future(),
        "location": "9999", "alert_level": 5, "chronology": None,
    })
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["title"] == errors["chronology"] == ["This field is required."]
    assert {"location", "occurred_at", "alert_level"} <= set(errors)
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('{"title": "unterminated', "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"just a string"', "application/json"),
        ("null", "application/json"),
        ("", "application/json"),
        ("[" * 100_000, "application/json"),
        ("title=x&chronology=y", "application/x-www-form-urlencoded"),
        ('{"title": "x"}', "text/plain"),
        (b"\xff\xfe\x00garbage", "application/json"),
    ],
)
def test_malformed_body_is_400(client, body, content_type):
    before = counts()
    response = client.post("/api/v1/cases", body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert counts() == before


def test_body_over_the_limit_is_413(client):
    response = client.post("/api/v1/cases", '{"title": "' + "x" * 3_000_000 + '"}')
    assert response.status_code == 413
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"action": "fly"},
        {"action": ""},
        {"action": 5},
        {},
        {"action": "escalate", "reason": ""},  # reason required
        {"action": "delegate", "reason": "r", "target_unit": "31"},  # not below the handler
        {"action": "delegate", "reason": "r", "target_unit": "nope"},
        {"action": "reject", "reason": "r", "reject_reason": "duplikat"},  # names no original
        {"action": "reject", "reason": "r", "reject_reason": "bosan"},
        {"action": "verify", "reason": "r" * 2001},
        {"action": "verify", "extra": 1},
    ],
)
def test_bad_transition_is_422_and_writes_nothing(client, make_case, body):
    case = make_case()
    before = counts()
    response = client.post(f"/api/v1/cases/{case.number}/transitions", body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"]
    assert counts() == before
    case.refresh_from_db()
    assert case.status == "dilaporkan" and case.handling_unit.code == "3273"


def test_resolve_needs_a_known_outcome(client, make_case):
    case = make_case()
    url = f"/api/v1/cases/{case.number}/transitions"
    client.post(url, {"action": "verify"})
    client.post(url, {"action": "start"})
    before = counts()
    for outcome in ("", "menang"):
        response = client.post(url, {"action": "resolve", "reason": "r", "outcome": outcome})
        assert response.status_code == 422
        assert "outcome" in response.json()["errors"]
    assert counts() == before


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"title": "x" * 201},
        {"location": "00"},
        {"occurred_at": _future()},
        {"number": "KSBK-X"},
        {"status": "ditutup"},
        {"handling_unit": "pusat"},
        {"alert_level": "2"},
    ],
)
def test_bad_patch_is_422_and_changes_nothing(client, make_case, body):
    case = make_case()
    before = counts()
    response = client.patch(f"/api/v1/cases/{case.number}", body,
                            **{"If-Match": f'W/"{case.number}-v{case.version}"'})
    assert response.status_code == 422, response.content
    assert counts() == before
    fresh = type(case).objects.get(pk=case.pk)
    assert (fresh.title, fresh.status, fresh.version) == (case.title, case.status, case.version)


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "x" * 5001}, {"body": None}, {}])
def test_bad_note_is_422(client, make_case, body):
    case = make_case()
    before = counts()
    response = client.post(f"/api/v1/cases/{case.number}/notes", body)
    assert response.status_code == 422, response.content
    assert counts() == before


@pytest.mark.parametrize(
    "params",
    [
        {"status": "hilang"},
        {"alert_level": "9"},
        {"category": "tidak_ada"},
        {"region": "12x"},
        {"reported_from": "31-12-2025"},
        {"q": "x" * 101},
        {"q": "a\x00b"},
        {"sort": "random"},
        {"page": "0"},
        {"page": "abc"},
        {"page": str(10**30)},
        {"page_size": "101"},
        {"page_size": "-1"},
    ],
)
def test_bad_list_parameters_are_422(client, params):
    response = client.get("/api/v1/cases", params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body["errors"]) == set(params)


def test_messages_are_indonesian_by_default_and_english_on_request(api_as, make_user):
    user = make_user("own", "kepala")
    indonesian = api_as(user).post("/api/v1/cases", {"chronology": "x"}).json()
    english = api_as(user, language="en").post("/api/v1/cases", {"chronology": "x"}).json()
    assert english["errors"]["title"] == ["This field is required."]
    with translation.override("id"):
        expected = translation.gettext("This field is required.")
    assert indonesian["errors"]["title"] == [expected]
    assert expected != "This field is required."


def test_html_is_returned_verbatim_as_json_never_as_html(client, valid_case_body):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(
        "/api/v1/cases",
        {**valid_case_body, "title": script, "chronology": script, "address": script,
         "reporter_name": script},
    )
    assert response.status_code == 201, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert data["title"] == data["chronology"] == data["address"] == script
    number = data["number"]
    fetched = client.get(f"/api/v1/cases/{number}")
    assert fetched["Content-Type"].startswith("application/json")
    assert fetched.json()["title"] == script
    # The raw bytes are JSON text, not markup a browser would render.
    assert json.loads(fetched.content)["reporter_name"] == script
