"""Garbage in any shape gets a 4xx JSON answer, never a 500, and writes nothing."""

import json

import pytest

from .helpers import counts

GARBAGE_BODIES = [
    "",
    "{",
    "null",
    "true",
    "123",
    '"text"',
    "[]",
    "[{}]",
    "{}",
    '{"": ""}',
    '{"title": {"$gt": ""}}',
    '{"action": ["verify"]}',
    '{"action": null, "reason": null}',
    '{"body": 12345}',
    '{"title": "' + "\\u0000" + '"}',
    '{"title": "\\ud800"}',
    '{"latitude": NaN, "longitude": Infinity}',
    '{"occurred_at": "9999-99-99T99:99:99"}',
    '{"occurred_at": -99999999999999}',
    '{"alert_level": 99999999999999999999999999999}',
    '{"religions": [[["islam"]]]}',
    '{"target_unit": "' + "9" * 10_000 + '"}',
    '{"duplicate_of": "' + "K" * 10_000 + '"}',
    '{"a": ' * 500 + "1" + "}" * 500,
    json.dumps({f"field{i}": "x" for i in range(2000)}),
]


@pytest.fixture
def setting(api_as, make_user, make_case):
    case = make_case()
    return api_as(make_user("own", "kepala")), case


@pytest.mark.parametrize("body", GARBAGE_BODIES)
@pytest.mark.parametrize(
    ("method", "suffix"),
    [("post", ""), ("patch", "{number}"), ("post", "{number}/transitions"),
     ("post", "{number}/notes")],
)
def test_garbage_bodies(setting, body, method, suffix):
    client, case = setting
    path = "/api/v1/cases" + ("/" + suffix.format(number=case.number) if suffix else "")
    before = counts()
    # PATCH needs If-Match (428 without it); send the current ETag to reach the body checks.
    headers = {"If-Match": f'W/"{case.number}-v{case.version}"'} if method == "patch" else {}
    response = getattr(client, method)(path, body, **headers)
    if method == "patch" and body == "{}":
        # An empty PATCH is a valid request that changes nothing.
        assert response.status_code == 200
    else:
        assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
        assert response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/%00",
        "/api/v1/cases/KSBK%00/events",
        "/api/v1/cases/" + "X" * 5000,
        "/api/v1/cases/%F0%9F%92%A5",
        "/api/v1/cases?q=%00",
        "/api/v1/cases?unit=%00",
        "/api/v1/cases?category=%00",
        "/api/v1/cases?region=%00",
        "/api/v1/cases?page=%00",
        "/api/v1/cases?sort=" + "s" * 5000,
        "/api/v1/regions?parent=%00",
        "/api/v1/units?parent=%00",
        "/api/v1/units?parent=" + "u" * 5000,
    ],
)
def test_garbage_paths_and_parameters(setting, path):
    client, _case = setting
    response = client.client.get(path, headers=client.headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response.json()["detail"]
