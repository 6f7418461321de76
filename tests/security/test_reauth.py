"""Re-authentication (password or MFA code within the last 5 minutes) before sensitive
changes: roles/memberships and users in the admin, MFA reset and deactivation."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from selaras.audit.models import AuditEntry, AuditKind
from selaras.org.models import Membership, Unit
from tests.conftest import PASSWORD
from tests.security.test_mfa_enforcement import give_totp, totp_code


@pytest.fixture
def strict(settings):
    settings.REAUTH_ENFORCED = True
    settings.MFA_ENFORCED = False  # isolate re-authentication (MFA has its own tests)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def membership(make_user):
    user = make_user("327301", "penangan")
    return Membership.objects.get(user=user)


def signed_in(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username,
                                          "password": PASSWORD}).status_code == 302
    return client


def change_role(client, membership, role="kepala"):
    return client.post(reverse("admin:org_membership_change", args=[membership.pk]), {
        "user": membership.user_id, "unit": membership.unit_id, "role": role})


def test_role_change_right_after_login_succeeds_and_names_the_actor(strict, admin_user,
                                                                    membership):
    client = signed_in(admin_user)
    response = change_role(client, membership)
    assert response.status_code == 302 and "reauthenticate" not in response.url
    membership.refresh_from_db()
    assert membership.role == "kepala"
    entry = AuditEntry.objects.filter(kind=AuditKind.SECURITY, action="membership_changed",
                                      object_id=str(membership.pk)).get()
    assert entry.actor_id == admin_user.pk and entry.data["role"] == "kepala"


def test_role_change_later_needs_reauthentication(strict, admin_user, membership):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(admin_user)
        traveller.shift(timedelta(minutes=6))
        response = change_role(client, membership)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        membership.refresh_from_db()
        assert membership.role == "penangan"  # nothing changed
        # A wrong password changes nothing either.
        wrong = client.post(response.url, {"password": "bukan-kata-sandinya"})
        assert wrong.status_code == 200
        membership.refresh_from_db()
        assert membership.role == "penangan"
        # The right password replays the suspended change.
        client.post(response.url, {"password": PASSWORD})
        membership.refresh_from_db()
        assert membership.role == "kepala"
        # ... and counts for the next 5 minutes.
        traveller.shift(timedelta(minutes=4))
        assert change_role(client, membership, "analis").status_code == 302
        membership.refresh_from_db()
        assert membership.role == "analis"


def test_session_without_any_authentication_step_is_asked(strict, admin_user, membership,
                                                          client):
    client.force_login(admin_user)
    response = change_role(client, membership)
    assert response.url.startswith(reverse("account_reauthenticate"))
    membership.refresh_from_db()
    assert membership.role == "penangan"


@pytest.mark.parametrize("what", ["deactivate_user", "delete_membership", "add_membership",
                                  "unit_inline"])
def test_other_role_and_user_changes_are_guarded(strict, admin_user, membership, client, what):
    client.force_login(admin_user)
    user = membership.user
    if what == "deactivate_user":
        response = client.post(reverse("admin:accounts_user_change", args=[user.pk]),
                               {"username": user.username, "is_active": ""})
    elif what == "delete_membership":
        response = client.post(reverse("admin:org_membership_delete", args=[membership.pk]),
                               {"post": "yes"})
    elif what == "add_membership":
        response = client.post(reverse("admin:org_membership_add"), {
            "user": user.pk, "unit": Unit.objects.get(code="32").pk, "role": "admin"})
    else:
        response = client.post(reverse("admin:org_unit_change", args=[membership.unit_id]),
                               {"name": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    user.refresh_from_db()
    assert user.is_active
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        "penangan"]


def test_reading_the_admin_needs_no_reauthentication(strict, admin_user, membership, client):
    client.force_login(admin_user)
    url = reverse("admin:org_membership_change", args=[membership.pk])
    assert client.get(url).status_code == 200


def test_mfa_reset_by_an_administrator_is_guarded_and_audited(strict, admin_user, make_user):
    target = make_user("3273", "kepala")
    give_totp(target)
    totp = Authenticator.objects.get(user=target, type="totp")
    url = reverse("admin:mfa_authenticator_delete", args=[totp.pk])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(admin_user)
        traveller.shift(timedelta(minutes=10))
        response = client.post(url, {"post": "yes"})
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert Authenticator.objects.filter(pk=totp.pk).exists()
        client.post(response.url, {"password": PASSWORD})
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    entry = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="mfa_deactivated")
    assert entry.actor_id == admin_user.pk and entry.subject_id == target.pk


def test_own_totp_deactivation_needs_a_fresh_code(strict, make_user, settings):
    settings.MFA_ENFORCED = True
    user = make_user("327301", "penangan")
    secret = give_totp(user)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=6))
        response = client.post(reverse("mfa_deactivate_totp"))
        assert response.status_code == 302
        assert "reauthenticate" in response.url
        assert Authenticator.objects.filter(user=user, type="totp").exists()
        traveller.shift(timedelta(seconds=31))
        mfa_url = reverse("mfa_reauthenticate") + "?next=" + reverse("mfa_deactivate_totp")
        client.post(mfa_url, {"code": totp_code(secret)})
        client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    assert AuditEntry.objects.filter(kind=AuditKind.SECURITY, action="mfa_deactivated",
                                     subject_id=user.pk, actor_id=user.pk).exists()
