"""Every change of a webhook subscription — create, change, disable/enable (by a user or
automatically), rotate the secret, delete; through the API, the pages or the admin — is a
security row in the audit chain with the actor and the owner; never the secret, and of
the URL only the host."""

import pytest
from django.urls import reverse

from selaras.audit.models import AuditEntry, AuditKind
from selaras.audit.services import verify
from selaras.webhooks.models import Subscription
from tests.api.conftest import ApiClient

from .conftest import RECEIVER

BASE = "/api/v1/webhooks"
SECRET_URL = "https://penerima.example.go.id/hooks/T0KEN-RAHASIA?key=kunci-rahasia"
BODY = {"name": "SIMPENAIS", "url": SECRET_URL, "events": ["case.created"]}


def entries(pk=None):
    rows = AuditEntry.objects.filter(kind=AuditKind.SECURITY,
                                     object_type="webhook_subscription").order_by("seq")
    return list(rows.filter(object_id=str(pk)) if pk is not None else rows)


@pytest.fixture
def owner(make_user):
    return make_user("own", "kepala", username="kepala_kota")


def _no_secrets(subscription_secrets):
    for entry in entries():
        text = str(entry.data)
        for secret in subscription_secrets:
            assert secret not in text
        assert "T0KEN-RAHASIA" not in text and "kunci-rahasia" not in text


def test_the_api_audits_every_change_with_its_actor(owner):
    api = ApiClient(owner, language="en")
    created = api.post(BASE, BODY).json()
    pk = created["id"]
    api.patch(f"{BASE}/{pk}", {"name": "SIMPENAIS baru", "events": ["case.verified"],
                               "url": "https://lain.example.go.id/terima?token=xyz"})
    api.patch(f"{BASE}/{pk}", {"active": False})
    api.patch(f"{BASE}/{pk}", {"active": True})
    rotated = api.post(f"{BASE}/{pk}/rotate-secret").json()
    assert api.client.delete(f"{BASE}/{pk}", headers=api.headers).status_code == 204

    rows = entries(pk)
    assert [e.action for e in rows] == [
        "webhook_subscription_created", "webhook_subscription_changed",
        "webhook_subscription_disabled", "webhook_subscription_enabled",
        "webhook_subscription_secret_rotated", "webhook_subscription_deleted"]
    assert all(e.actor_id == owner.pk and e.subject_id == owner.pk for e in rows)
    assert rows[0].data["host"] == "penerima.example.go.id"
    assert rows[0].data["events"] == ["case.created"]
    changed = rows[1].data
    assert changed["fields"] == ["events", "name", "url"]
    assert changed["changes"]["name"] == ["SIMPENAIS", "SIMPENAIS baru"]
    assert changed["changes"]["url"] == ["penerima.example.go.id", "lain.example.go.id"]
    assert "xyz" not in str(changed)
    _no_secrets([created["secret"], rotated["secret"]])
    assert verify().problem is None


def test_a_change_that_changes_nothing_writes_no_row(owner, subscribe):
    subscription = subscribe(owner)
    ApiClient(owner).patch(f"{BASE}/{subscription.pk}", {"name": subscription.name})
    assert [e.action for e in entries(subscription.pk)] == ["webhook_subscription_created"]


def test_the_pages_audit_toggle_rotate_and_delete(owner, subscribe, login):
    subscription = subscribe(owner)
    client = login(owner)
    client.post(reverse("webhook-toggle", args=[subscription.pk]))
    client.post(reverse("webhook-rotate", args=[subscription.pk]))
    client.post(reverse("webhook-delete", args=[subscription.pk]))
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert [(e.action, e.actor_id) for e in entries(subscription.pk)][1:] == [
        ("webhook_subscription_disabled", owner.pk),
        ("webhook_subscription_secret_rotated", owner.pk),
        ("webhook_subscription_deleted", owner.pk)]


def test_an_admin_acting_for_someone_else_is_the_actor(make_user, owner):
    admin = make_user("own", "admin", username="admin_kota")
    response = ApiClient(admin).post(BASE, {**BODY, "url": RECEIVER,
                                            "owner": owner.username})
    assert response.status_code == 201, response.content
    [row] = entries(response.json()["id"])
    assert (row.actor_id, row.subject_id, row.data["owner"]) == (admin.pk, owner.pk,
                                                                 owner.username)


def test_the_automatic_disable_is_audited_without_an_actor(owner, subscribe, make_case,
                                                           sender, committed, settings):
    settings.WEBHOOK_DISABLE_AFTER = 2
    subscription = subscribe(owner)
    sender.answer = (500, "boom")
    for _ in range(2):
        with committed():
            make_case()
    subscription.refresh_from_db()
    assert subscription.active is False
    row = entries(subscription.pk)[-1]
    assert row.action == "webhook_subscription_disabled"
    assert row.actor_id is None and row.data["automatic"] is True
    assert row.data["failures"] == 2


def test_changes_in_the_django_admin_are_audited(django_user_model, owner, subscribe, client):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 20)
    subscription = subscribe(owner)
    client.force_login(root)
    response = client.post(reverse("admin:webhooks_subscription_delete",
                                   args=[subscription.pk]), {"post": "yes"})
    assert response.status_code == 302
    row = entries(subscription.pk)[-1]
    assert (row.action, row.actor_id, row.data["via"]) == (
        "webhook_subscription_deleted", root.pk, "admin")
