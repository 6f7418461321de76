"""/api/v1/webhooks: CRUD, the secret shown once, clear 422s, 404 for others' subscriptions,
the delivery log, replay and ping."""

import pytest

from selaras.webhooks.models import Delivery, Subscription
from tests.api.conftest import ApiClient

from .conftest import RECEIVER

BASE = "/api/v1/webhooks"
BODY = {"name": "SIMPENAIS", "url": RECEIVER, "events": ["case.created", "case.closed"]}


@pytest.fixture
def owner(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def api(owner):
    return ApiClient(owner, language="en")


def test_create_returns_the_secret_once(api, owner):
    response = api.post(BASE, BODY)
    assert response.status_code == 201, response.content
    created = response.json()
    subscription = Subscription.objects.get()
    assert created["secret"] == subscription.secret
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 30
    assert (created["owner"], created["events"], created["active"]) == (
        owner.username, ["case.created", "case.closed"], True)

    fetched = api.get(f"{BASE}/{subscription.pk}").json()
    assert "secret" not in fetched
    listed = api.get(BASE).json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]


@pytest.mark.parametrize(("change", "field"), [
    ({"url": "ftp://files.example/hook"}, "url"),
    ({"url": "bukan url"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": "https://user:pass@example.com/hook"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "https://example.com:abc/"}, "url"),
    ({"events": ["case.exploded"]}, "events"),
    ({"events": []}, "events"),
    ({"events": ["ping"]}, "events"),
    ({"name": "  "}, "name"),
])
def test_bad_input_is_a_clear_422_and_creates_nothing(api, change, field):
    response = api.post(BASE, {**BODY, **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not Subscription.objects.exists()


def test_an_unknown_event_names_the_known_ones(api):
    message = api.post(BASE, {**BODY, "events": ["case.exploded"]}).json()["errors"]["events"][0]
    assert "case.exploded" in message and "case.verified" in message


def test_patch_changes_only_what_is_sent_and_checks_it(api):
    pk = api.post(BASE, BODY).json()["id"]
    response = api.patch(f"{BASE}/{pk}", {"events": ["case.verified"]})
    assert response.status_code == 200
    assert response.json()["events"] == ["case.verified"]
    assert response.json()["url"] == RECEIVER
    assert api.patch(f"{BASE}/{pk}", {"url": "ftp://x"}).status_code == 422
    assert api.patch(f"{BASE}/{pk}", {"events": None}).status_code == 422
    assert api.patch(f"{BASE}/{pk}", {"secret": "mine"}).status_code == 422
    assert Subscription.objects.get().events == ["case.verified"]


def test_patch_active_true_enables_again_and_resets_the_count(api, owner):
    pk = api.post(BASE, BODY).json()["id"]
    Subscription.objects.filter(pk=pk).update(active=False, consecutive_failures=20,
                                              disabled_reason="20 gagal")
    response = api.patch(f"{BASE}/{pk}", {"active": True})
    assert response.json()["active"] is True
    assert response.json()["consecutive_failures"] == 0
    assert response.json()["disabled_reason"] == ""
    disabled = api.patch(f"{BASE}/{pk}", {"active": False}).json()
    assert disabled["active"] is False and disabled["disabled_at"]


def test_rotate_replaces_the_secret(api):
    created = api.post(BASE, BODY).json()
    rotated = api.post(f"{BASE}/{created['id']}/rotate-secret")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    assert Subscription.objects.get().secret == rotated.json()["secret"]


def test_delete(api):
    pk = api.post(BASE, BODY).json()["id"]
    assert api.client.delete(f"{BASE}/{pk}", headers=api.headers).status_code == 204
    assert not Subscription.objects.exists()
    assert api.get(f"{BASE}/{pk}").status_code == 404


def test_someone_elses_subscription_is_404(api, make_user):
    pk = api.post(BASE, BODY).json()["id"]
    other = ApiClient(make_user("own", "penangan"))
    assert other.get(BASE).json()["count"] == 0
    assert other.get(f"{BASE}/{pk}").status_code == 404
    assert other.patch(f"{BASE}/{pk}", {"active": False}).status_code == 404
    assert other.client.delete(f"{BASE}/{pk}", headers=other.headers).status_code == 404
    assert other.post(f"{BASE}/{pk}/rotate-secret").status_code == 404
    assert other.get(f"{BASE}/{pk}/deliveries").status_code == 404
    assert other.post(f"{BASE}/{pk}/ping").status_code == 404
    assert Subscription.objects.get().active is True


def test_a_user_without_case_access_or_admin_role_may_not_subscribe(db, django_user_model):
    nobody = django_user_model.objects.create_user(username="tanpa_kantor", password="x" * 20)
    client = ApiClient(nobody)
    assert client.post(BASE, BODY).status_code == 403
    assert client.get(BASE).status_code == 403
    assert not Subscription.objects.exists()


def test_an_admin_sees_and_creates_for_users_of_their_offices(make_user, api):
    mine = api.post(BASE, BODY).json()["id"]
    admin = ApiClient(make_user("kanwil", "admin"))
    assert [s["id"] for s in admin.get(BASE).json()["items"]] == [mine]
    assert admin.get(f"{BASE}/{mine}").status_code == 200
    account = make_user("child", "penangan", is_service_account=True)
    created = admin.post(BASE, {**BODY, "owner": account.username})
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == account.username
    far = make_user("other_province", "kepala")
    refused = admin.post(BASE, {**BODY, "owner": far.username})
    assert refused.status_code == 422 and "owner" in refused.json()["errors"]
    far_admin = ApiClient(make_user("other_province", "admin"))
    assert far_admin.get(f"{BASE}/{mine}").status_code == 404


def test_only_admins_choose_another_owner(api, make_user):
    other = make_user("own", "penangan")
    response = api.post(BASE, {**BODY, "owner": other.username})
    assert response.status_code == 422 and "owner" in response.json()["errors"]


def test_the_delivery_log_is_newest_first_and_filters_by_status(
        api, owner, make_case, sender, committed):
    pk = api.post(BASE, {**BODY, "events": ["case.created"]}).json()["id"]
    sender.answer = (500, "rusak")
    with committed():
        first = make_case()
    sender.answer = (200, "ok")
    with committed():
        second = make_case()
    page = api.get(f"{BASE}/{pk}/deliveries").json()
    assert [d["case"] for d in page["items"]] == [second.number, first.number]
    assert [d["status"] for d in page["items"]] == ["succeeded", "failed"]
    assert page["items"][1]["last_status_code"] == 500
    failed = api.get(f"{BASE}/{pk}/deliveries", {"status": "failed"}).json()
    assert [d["case"] for d in failed["items"]] == [first.number]
    one = api.get(f"{BASE}/{pk}/deliveries", {"page_size": 1}).json()
    assert one["count"] == 2 and len(one["items"]) == 1 and one["next"]
    assert api.get(f"{BASE}/{pk}/deliveries", {"status": "lost"}).status_code == 422


def test_replay_sends_the_same_event_again(api, owner, make_case, sender, committed):
    pk = api.post(BASE, {**BODY, "events": ["case.created"]}).json()["id"]
    sender.answer = (500, "rusak")
    with committed():
        make_case()
    original = Delivery.objects.get()
    sender.answer = (200, "ok")
    with committed():
        response = api.post(f"{BASE}/{pk}/deliveries/{original.pk}/replay")
    assert response.status_code == 202, response.content
    assert response.json()["replay_of"] == str(original.pk)
    assert response.json()["event_id"] == str(original.event_id)
    fresh = Delivery.objects.get(pk=response.json()["id"])
    assert fresh.status == "succeeded"
    assert sender.calls[1]["body"] == sender.calls[0]["body"]
    assert sender.calls[1]["headers"]["X-Selaras-Delivery"] == str(fresh.pk)
    assert api.post(f"{BASE}/{pk}/deliveries/not-a-uuid/replay").status_code == 404


def test_replay_of_another_subscriptions_delivery_is_404(api, owner, make_user, make_case,
                                                        sender, committed, subscribe):
    theirs = subscribe(make_user("own", "kepala"))
    mine = api.post(BASE, {**BODY, "events": ["case.created"]}).json()["id"]
    with committed():
        make_case()
    their_delivery = Delivery.objects.get(subscription=theirs)
    response = api.post(f"{BASE}/{mine}/deliveries/{their_delivery.pk}/replay")
    assert response.status_code == 404
    assert Delivery.objects.count() == 2


def test_replay_and_ping_on_a_disabled_subscription_are_409(api, make_case, sender,
                                                            committed):
    pk = api.post(BASE, {**BODY, "events": ["case.created"]}).json()["id"]
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    api.patch(f"{BASE}/{pk}", {"active": False})
    assert api.post(f"{BASE}/{pk}/deliveries/{delivery.pk}/replay").status_code == 409
    assert api.post(f"{BASE}/{pk}/ping").status_code == 409
    assert Delivery.objects.count() == 1


def test_ping_sends_a_ping_event(api, sender, committed):
    pk = api.post(BASE, BODY).json()["id"]
    with committed():
        response = api.post(f"{BASE}/{pk}/ping")
    assert response.status_code == 202
    assert response.json()["event_type"] == "ping" and response.json()["case"] is None
    assert sender.types() == ["ping"]
    import json

    body = json.loads(sender.calls[0]["body"])
    assert body["type"] == "ping" and body["data"]["subscription"]["id"] == pk


def test_the_endpoints_are_in_the_openapi_schema(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/webhooks", "/api/v1/webhooks/{subscription_id}",
                 "/api/v1/webhooks/{subscription_id}/deliveries",
                 "/api/v1/webhooks/{subscription_id}/deliveries/{delivery_id}/replay",
                 "/api/v1/webhooks/{subscription_id}/ping",
                 "/api/v1/webhooks/{subscription_id}/rotate-secret"):
        assert path in paths


@pytest.mark.parametrize("path", [
    "/99999999999999999999999", "/-1", "/0", "/abc",
    "/1/deliveries?status=%00", "/1/deliveries/%00/replay",
])
def test_odd_ids_and_values_are_clean_errors(api, path):
    pk = api.post(BASE, BODY).json()["id"]
    path = path.replace("/1/", f"/{pk}/")
    response = api.post(BASE + path) if path.endswith("replay") else api.get(BASE + path)
    assert response.status_code in (404, 422), (path, response.status_code)
    assert response.json()["detail"]


def test_wrongly_typed_bodies_are_422(api):
    for body in ({**BODY, "events": [1, 2]}, {**BODY, "name": 5}, {**BODY, "active": "ya"},
                 {**BODY, "extra": 1}, {"name": "x"}):
        response = api.post(BASE, body)
        assert response.status_code == 422, (body, response.content)
    assert not Subscription.objects.exists()
