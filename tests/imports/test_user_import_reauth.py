"""Writing users and memberships through an import hands out roles, so it needs what a
role change in the admin needs: a password/MFA step within the last 5 minutes (web: the
re-authentication page, then the commit is replayed). API tokens may check such a file
but never write it. Every user and membership written is audited with the importer."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from selaras.audit.models import AuditEntry, AuditKind
from selaras.core.errors import PermissionDenied
from selaras.imports import services
from selaras.imports.models import BatchStatus, ImportBatch
from selaras.org.models import Membership
from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD
from tests.security.test_reauth import signed_in

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db

ROWS = [{"Nama Pengguna": "baru", "Nama Lengkap": "Pengguna Baru", "Email": "baru@kemenag.go.id",
         "Kode Unit": "327301", "Peran": "kepala"}]


@pytest.fixture
def strict(settings):
    settings.REAUTH_ENFORCED = True
    settings.MFA_ENFORCED = False  # as in tests/security/test_reauth.py


@pytest.fixture
def admin_pusat(make_user):
    return make_user("pusat", "admin", username="admin_pusat")


def _nothing_written():
    assert not get_user_model().objects.filter(username="baru").exists()
    assert not Membership.objects.filter(user__username="baru").exists()


def _checked(actor) -> ImportBatch:
    batch = services.start_import(actor=actor, kind="users", file_name="u.csv",
                                  content=csv_file(ROWS))
    assert batch.status == BatchStatus.VALID, batch.errors
    return batch


def _membership_entries():
    return AuditEntry.objects.filter(kind=AuditKind.SECURITY, action="membership_created",
                                     subject_id=get_user_model().objects.get(
                                         username="baru").pk)


# --------------------------------------------------------------------------- service


def test_the_service_refuses_to_write_users_without_reauthentication(strict, admin_pusat):
    with pytest.raises(PermissionDenied, match="re-authenticate"):
        services.start_import(actor=admin_pusat, kind="users", file_name="u.csv",
                              content=csv_file(ROWS), dry_run=False)
    _nothing_written()
    batch = _checked(admin_pusat)  # a dry run writes nothing: no re-authentication needed
    with pytest.raises(PermissionDenied):
        services.commit_batch(actor=admin_pusat, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.VALID
    _nothing_written()
    done = services.commit_batch(actor=admin_pusat, batch=batch, reauthenticated=True)
    assert done.status == BatchStatus.COMMITTED


def test_other_kinds_need_no_reauthentication(strict, make_user):
    kepala = make_user("3273", "kepala")
    batch = services.start_import(actor=kepala, kind="cases", file_name="c.csv",
                                  content=csv_file([case_row("RA-1")]), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors


def test_every_user_and_membership_written_names_the_importer_even_without_a_request(
        admin_pusat):
    services.start_import(actor=admin_pusat, kind="users", file_name="u.csv",
                          content=csv_file(ROWS), dry_run=False)
    [membership] = _membership_entries()
    assert membership.actor_id == admin_pusat.pk and membership.data["role"] == "kepala"
    created = AuditEntry.objects.get(action="user_created", data__username="baru")
    assert created.actor_id == admin_pusat.pk and created.data["via"] == "import"
    # Changing the e-mail (it matches SSO logins) is on record with its actor too.
    services.start_import(actor=admin_pusat, kind="users", file_name="u2.csv", dry_run=False,
                          content=csv_file([dict(ROWS[0], Email="lain@kemenag.go.id")]))
    changed = AuditEntry.objects.get(action="user_changed", data__username="baru")
    assert changed.actor_id == admin_pusat.pk and changed.data["fields"] == ["email"]


def test_a_dry_run_leaves_no_audit_row(admin_pusat):
    _checked(admin_pusat)
    assert not AuditEntry.objects.filter(action__in=["user_created", "membership_created"]
                                         ).exclude(subject_id=admin_pusat.pk).exists()


# --------------------------------------------------------------------------- web UI


def test_web_commit_right_after_login_succeeds_and_is_audited(strict, admin_pusat):
    client = signed_in(admin_pusat)
    batch = _checked(admin_pusat)
    response = client.post(reverse("import-commit", args=[batch.pk]))
    assert response.status_code == 302 and "reauthenticate" not in response.url
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert [e.actor_id for e in _membership_entries()] == [admin_pusat.pk]


def test_web_commit_later_asks_for_the_password_then_replays(strict, admin_pusat):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(admin_pusat)
        batch = _checked(admin_pusat)
        traveller.shift(timedelta(minutes=6))
        response = client.post(reverse("import-commit", args=[batch.pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        batch.refresh_from_db()
        assert batch.status == BatchStatus.VALID
        _nothing_written()
        # A wrong password writes nothing either.
        assert client.post(response.url, {"password": "bukan-kata-sandinya"}).status_code == 200
        _nothing_written()
        # The right password replays the suspended commit.
        client.post(response.url, {"password": PASSWORD})
        batch.refresh_from_db()
        assert batch.status == BatchStatus.COMMITTED
        assert [e.actor_id for e in _membership_entries()] == [admin_pusat.pk]


def test_web_commit_of_other_kinds_is_not_held(strict, make_user):
    kepala = make_user("3273", "kepala", username="kepala_kota")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(kepala)
        batch = services.start_import(actor=kepala, kind="cases", file_name="c.csv",
                                      content=csv_file([case_row("RA-2")]))
        traveller.shift(timedelta(minutes=6))
        response = client.post(reverse("import-commit", args=[batch.pk]))
        assert "reauthenticate" not in response.url
        batch.refresh_from_db()
        assert batch.status == BatchStatus.COMMITTED


# --------------------------------------------------------------------------- API


def _body(dry_run):
    return {"kind": "users", "file_name": "u.csv", "dry_run": dry_run,
            "content_base64": base64.b64encode(csv_file(ROWS)).decode()}


@pytest.mark.parametrize("enforced", [True, False])
def test_an_api_token_may_check_but_never_write_users(settings, admin_pusat, enforced):
    settings.REAUTH_ENFORCED = enforced  # a policy of its own, not a re-authentication switch
    api = ApiClient(admin_pusat, language="en")
    dry = api.post("/api/v1/imports", _body(True))
    assert dry.status_code == 200 and dry.json()["status"] == "valid"
    one_shot = api.post("/api/v1/imports", _body(False))
    assert one_shot.status_code == 403
    assert "API token" in one_shot.json()["detail"]
    by_id = api.post(f"/api/v1/imports/{dry.json()['id']}/commit")
    assert by_id.status_code == 403
    assert ImportBatch.objects.get(pk=dry.json()["id"]).status == BatchStatus.VALID
    _nothing_written()


def test_an_api_token_still_imports_cases(strict, make_user):
    api = ApiClient(make_user("3273", "kepala"))
    body = {"kind": "cases", "file_name": "c.csv", "dry_run": False,
            "content_base64": base64.b64encode(csv_file([case_row("RA-3")])).decode()}
    assert api.post("/api/v1/imports", body).status_code == 201


def test_the_browser_session_may_write_users_only_soon_after_a_password_step(strict,
                                                                             admin_pusat):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(admin_pusat)
        traveller.shift(timedelta(minutes=6))
        late = client.post("/api/v1/imports", _body(False), content_type="application/json",
                           headers={"Accept-Language": "en"})
        assert late.status_code == 403 and "re-authenticate" in late.json()["detail"]
        _nothing_written()
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        done = client.post("/api/v1/imports", _body(False), content_type="application/json")
        assert done.status_code == 201, done.content
        assert [e.actor_id for e in _membership_entries()] == [admin_pusat.pk]
