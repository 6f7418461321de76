"""Rate limits per token, per user and per client IP (429 with Retry-After)."""

import pytest

from selaras.cases.models import Note
from selaras.integration import ratelimit
from selaras.integration.ratelimit import parse_rate


@pytest.fixture
def tiny_limits(settings, monkeypatch):
    settings.API_RATE_LIMIT = "3/minute"
    settings.API_RATE_LIMIT_WRITE = "2/minute"
    # A fixed clock 20 s into a window: no window ends in the middle of a test.
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_000.0 + 20)


def test_retry_after_counts_down_to_the_end_of_the_window(api_as, make_user, tiny_limits):
    api = api_as(make_user("own", "penangan"))
    for _ in range(3):
        api.get("/api/v1/categories")
    assert api.get("/api/v1/categories")["Retry-After"] == "40"


def test_over_the_limit_is_429_with_retry_after(api_as, make_user, tiny_limits):
    api = api_as(make_user("own", "penangan"))
    answers = [api.get("/api/v1/categories", **{"Accept-Language": "en"}) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    refused = answers[3]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["detail"]


def test_each_token_has_its_own_budget(api_as, make_user, tiny_limits):
    user = make_user("own", "penangan")
    first, second = api_as(user), api_as(user)  # two tokens of the same user
    for _ in range(3):
        assert first.get("/api/v1/categories").status_code == 200
    assert first.get("/api/v1/categories").status_code == 429
    assert second.get("/api/v1/categories").status_code == 200


def test_writes_have_a_lower_limit(api_as, make_user, make_case, tiny_limits):
    case = make_case()
    api = api_as(make_user("own", "penangan"))
    path = f"/api/v1/cases/{case.number}/notes"
    assert api.post(path, {"body": "a"}).status_code == 201
    assert api.post(path, {"body": "b"}).status_code == 201
    assert api.post(path, {"body": "c"}).status_code == 429
    assert Note.objects.filter(case=case).count() == 2


def test_session_users_are_limited_per_user(client, make_user, tiny_limits):
    client.force_login(make_user("own", "penangan"))
    codes = [client.get("/api/v1/categories").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_unauthenticated_floods_are_limited_by_ip(api_as, tiny_limits):
    anonymous = api_as(None)
    codes = [anonymous.get("/api/v1/categories").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    bad_token = api_as(None, token="slr_not-a-real-token")
    assert bad_token.get("/api/v1/categories").status_code == 429  # same IP, no valid token


def test_the_web_ui_is_not_limited_by_the_api_limits(client, tiny_limits):
    for _ in range(5):
        assert client.get("/").status_code != 429


@pytest.mark.parametrize(("text", "expected"), [
    ("120/minute", (120, 60)), ("30/min", (30, 60)), ("5/second", (5, 1)),
    ("1000/hour", (1000, 3600)), ("10/day", (10, 86400)), ("7/minutes", (7, 60)),
    ("off", None), ("", None), ("0", None),
])
def test_rate_settings_are_parsed(text, expected):
    assert parse_rate(text) == expected
