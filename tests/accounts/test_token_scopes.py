"""API token scopes: a read token may only read; a write token may do what its user may.

A read token's unsafe request (POST/PUT/PATCH/DELETE) is refused with 403 and the API's
usual error body, before anything runs: nothing changes (no case, event, note, audit
row, subscription, external reference or idempotency record).
"""

import importlib

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations import AddField, RunPython
from django.test import Client

from selaras.accounts.models import ApiToken
from selaras.audit.models import AuditEntry
from selaras.cases.models import Case, CaseEvent, Note
from selaras.integration.models import ExternalReference, IdempotencyRecord
from selaras.webhooks import services as webhook_services
from selaras.webhooks.models import Subscription
from tests.api.conftest import ApiClient

MESSAGE = "This token is read-only; issue a token with scope write to change data."
RECEIVER = "https://penerima.example.go.id/selaras/webhook"
VILLAGE = "3273011001"


@pytest.fixture
def user(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def subscription(user):
    return webhook_services.create_subscription(actor=user, name="Dasbor", url=RECEIVER,
                                                events=["case.created"])


def snapshot():
    """Everything a refused request must leave alone."""
    return (
        list(Case.objects.order_by("pk").values_list("number", "status", "title", "version")),
        CaseEvent.objects.count(), Note.objects.count(), AuditEntry.objects.count(),
        list(Subscription.objects.order_by("pk").values_list("pk", "name", "active")),
        ExternalReference.objects.count(), IdempotencyRecord.objects.count(),
    )


def etag(api, case):
    return api.get(f"/api/v1/cases/{case.number}")["ETag"]


def new_case_body():
    from datetime import timedelta

    from django.utils import timezone

    return {"title": "Penolakan pembangunan gereja",
            "chronology": "Sekelompok warga menolak izin pembangunan gereja di RW 05.",
            "category": "rumah_ibadah",
            "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "location": VILLAGE, "alert_level": 1}


# name → (send the request with this client, the status a write token gets)
WRITES = {
    "create case": (lambda api, case, sub: api.post("/api/v1/cases", new_case_body()), 201),
    "patch case": (lambda api, case, sub: api.patch(
        f"/api/v1/cases/{case.number}", {"title": "Judul diubah lewat API"},
        **{"If-Match": etag(api, case)}), 200),
    "transition": (lambda api, case, sub: api.post(
        f"/api/v1/cases/{case.number}/transitions", {"action": "verify"}), 200),
    "intake": (lambda api, case, sub: api.post("/api/v1/intake", {
        "source_system": "si_paham", "external_ref": "REF-1", "location": VILLAGE,
        "text": "Warga melaporkan penolakan kegiatan ibadah di rumah warga RT 02."}), 201),
    "webhook create": (lambda api, case, sub: api.post("/api/v1/webhooks", {
        "name": "Dasbor 2", "url": RECEIVER, "events": ["case.created"]}), 201),
    "webhook delete": (lambda api, case, sub: api.client.delete(
        f"/api/v1/webhooks/{sub.pk}", headers=api.headers), 204),
}


def test_a_read_token_reads(user, case):
    api = ApiClient(user, scope="read")
    listed = api.get("/api/v1/cases")
    assert listed.status_code == 200, listed.content
    assert case.number in [c["number"] for c in listed.json()["items"]]
    assert api.get(f"/api/v1/cases/{case.number}").status_code == 200


@pytest.mark.parametrize("name", list(WRITES))
def test_a_read_token_changes_nothing(user, case, subscription, name):
    send, _status = WRITES[name]
    api = ApiClient(user, scope="read", language="en")
    if name == "patch case":
        tag = etag(api, case)  # reading first is allowed, and what a client would do
        before = snapshot()
        response = api.patch(f"/api/v1/cases/{case.number}", {"title": "Judul diubah"},
                             **{"If-Match": tag})
    else:
        before = snapshot()
        response = send(api, case, subscription)
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": MESSAGE}  # the API's usual error body
    assert response["Content-Type"].startswith("application/json")
    assert snapshot() == before


@pytest.mark.parametrize("name", list(WRITES))
def test_a_write_token_may_do_what_its_user_may(user, case, subscription, name):
    send, status = WRITES[name]
    response = send(ApiClient(user, scope="write"), case, subscription)
    assert response.status_code == status, response.content


def test_put_is_refused_too(user, case):
    api = ApiClient(user, scope="read", language="en")
    before = snapshot()
    response = api.client.put(f"/api/v1/cases/{case.number}", "{}",
                              content_type="application/json", headers=api.headers)
    # No PUT route: 403 from the token check or 405 from the router, never a change.
    assert response.status_code in (403, 405)
    assert snapshot() == before


def test_the_message_is_in_indonesian_by_default(user):
    from django.utils import translation

    with translation.override("id"):
        expected = translation.gettext(MESSAGE)
    response = ApiClient(user, scope="read").post("/api/v1/cases", new_case_body())
    assert response.status_code == 403
    assert response.json() == {"detail": expected}


def test_a_session_cookie_does_not_lift_the_limit(user, case):
    """A read token sent from a logged-in browser is still read-only (no fall-through)."""
    _token, raw = ApiToken.issue(user, scope="read")
    client = Client()
    client.force_login(user)
    before = snapshot()
    response = client.post("/api/v1/cases", new_case_body(), content_type="application/json",
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403
    assert snapshot() == before


def test_the_web_session_is_not_scoped(user):
    client = Client()
    client.force_login(user)
    response = client.post("/api/v1/cases", new_case_body(), content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_refused_idempotent_post_is_not_remembered(user):
    """The 403 is not stored under the key: a write token's retry with it still runs."""
    key = {"Idempotency-Key": "0b3c7a6e-scope-test"}
    refused = ApiClient(user, scope="read").post("/api/v1/cases", new_case_body(), **key)
    assert refused.status_code == 403
    assert not IdempotencyRecord.objects.exists()
    created = ApiClient(user, scope="write").post("/api/v1/cases", new_case_body(), **key)
    assert created.status_code == 201, created.content
    assert "Idempotent-Replayed" not in created


def test_an_invalid_token_is_still_401_not_403(db):
    response = ApiClient(token="slr_not-a-token").post("/api/v1/cases", new_case_body())
    assert response.status_code == 401


# --------------------------------------------------------------------------- the model


def test_new_tokens_are_read_only_unless_asked(user):
    token, _raw = ApiToken.issue(user)
    assert token.scope == ApiToken.Scope.READ
    assert ApiToken._meta.get_field("scope").default == ApiToken.Scope.READ
    assert [token.allows(m) for m in ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH",
                                      "DELETE")] == [True] * 3 + [False] * 4
    writer, _raw = ApiToken.issue(user, scope="write")
    assert all(writer.allows(m) for m in ("GET", "POST", "PATCH", "DELETE"))
    with pytest.raises(ValueError, match="scope"):
        ApiToken.issue(user, scope="admin")


def test_the_migration_keeps_existing_tokens_write(user):
    migration = importlib.import_module("selaras.accounts.migrations.0002_apitoken_scope")
    add, data = migration.Migration.operations
    # The column arrives with the least-privilege default, then the data step runs in the
    # same migration, when every row is one from before scopes.
    assert isinstance(add, AddField) and add.name == "scope" and add.field.default == "read"
    assert isinstance(data, RunPython) and data.code is migration.keep_existing_tokens_write
    old = [ApiToken.issue(user)[0] for _ in range(2)]
    assert {t.scope for t in old} == {"read"}

    class SchemaEditor:
        pass

    editor = SchemaEditor()
    editor.connection = connection
    migration.keep_existing_tokens_write(global_apps, editor)
    assert {t.scope for t in ApiToken.objects.filter(pk__in=[t.pk for t in old])} == {"write"}


def test_me_tells_a_token_its_scope(user):
    assert ApiClient(user, scope="read").get("/api/v1/me").json()["token_scope"] == "read"
    assert ApiClient(user, scope="write").get("/api/v1/me").json()["token_scope"] == "write"
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/me").json()["token_scope"] is None
