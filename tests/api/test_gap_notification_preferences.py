"""GET/PUT /notifications/preferences: the settings page's rules (services.set_preferences)."""

from selaras.notifications.models import DEFAULT_CHANNELS, NotificationPreference
from tests.api.conftest import ApiClient

URL = "/api/v1/notifications/preferences"


def _by_kind(body):
    return {row["kind"]: row["channels"] for row in body["items"]}


def test_defaults_then_change_only_the_given_kinds(db, make_user):
    user = make_user("child", "penangan")
    api = ApiClient(user)
    shown = _by_kind(api.get(URL).json())
    assert shown["case_level3"] == list(DEFAULT_CHANNELS["case_level3"])
    response = api._send("put", URL, {"channels": {"case_assigned": ["sms", "email", "sms"],
                                                   "digest": []}}, "application/json", {})
    assert response.status_code == 200, response.content
    after = _by_kind(response.json())
    assert after["case_assigned"] == ["email", "sms"] and after["digest"] == []
    assert after["case_level3"] == shown["case_level3"]
    assert _by_kind(api.get(URL).json()) == after
    # Another user's settings are untouched.
    other = ApiClient(make_user("child", "penangan"))
    assert _by_kind(other.get(URL).json())["case_assigned"] == list(
        DEFAULT_CHANNELS["case_assigned"])


def test_unknown_kind_or_channel_is_422_and_saves_nothing(db, make_user):
    api = ApiClient(make_user("child", "penangan"))
    response = api._send("put", URL, {"channels": {"case_assigned": ["email"],
                                                   "nope": ["email"],
                                                   "digest": ["pigeon"]}},
                         "application/json", {})
    assert response.status_code == 422
    assert {"nope", "digest"} <= set(response.json()["errors"])
    assert not NotificationPreference.objects.exists()
    assert api._send("put", URL, {"channels": "x"}, "application/json", {}).status_code == 422


def test_needs_a_token(db):
    assert ApiClient().get(URL).status_code == 401
