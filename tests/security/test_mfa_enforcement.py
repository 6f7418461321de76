"""MFA is required for kepala, admin, auditor and Pusat members: set up on first login,
verified at every login; others and API bearer tokens are not affected."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from selaras.accounts.mfa import mfa_required
from selaras.accounts.models import ApiToken
from selaras.audit.models import AuditEntry, AuditKind
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

HOME = "/"


@pytest.fixture
def strict(settings):
    """Production behaviour (the suite's conftest turns these off)."""
    settings.MFA_ENFORCED = True
    settings.REAUTH_ENFORCED = True
    return settings


def totp_code(secret: str) -> str:
    cache.clear()  # allauth refuses a code already used within its period
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def give_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def password_login(user, client=None) -> tuple[Client, object]:
    client = client or Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    return client, response


def security(action):
    return AuditEntry.objects.filter(kind=AuditKind.SECURITY, action=action)


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(("unit_code", "role", "required"), [
    ("3273", "kepala", True),
    ("327301", "kepala", True),
    ("32", "admin", True),
    ("3273", "auditor", True),
    ("pusat", "analis", True),
    ("pusat", "pelapor", True),
    ("3273", "penangan", False),
    ("327301", "pelapor", False),
    ("32", "analis", False),
])
def test_mfa_required_by_role_and_level(make_user, unit_code, role, required):
    assert mfa_required(make_user(unit_code, role)) is required


def test_staff_and_superusers_need_mfa(django_user_model):
    assert mfa_required(django_user_model.objects.create_user("staf", is_staff=True))
    assert mfa_required(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    assert not mfa_required(django_user_model.objects.create_user("tanpa-peran"))


# --------------------------------------------------------------------------- first login


def test_privileged_user_without_mfa_must_set_it_up_first(strict, make_user, make_case):
    case = make_case()
    user = make_user("3273", "kepala")
    client, response = password_login(user)
    assert response.status_code == 302
    setup = reverse("mfa_activate_totp")
    for url in (HOME, reverse("case-list"), reverse("case-detail", args=[case.number]),
                reverse("mfa_deactivate_totp")):
        answer = client.get(url)
        assert answer.status_code == 302 and answer.url == setup, url
    # Posting elsewhere changes nothing either.
    answer = client.post(reverse("case-create"), {"title": "x"})
    assert answer.status_code == 302 and answer.url == setup
    # The session API is closed too.
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and "two-factor" in api.json()["detail"].lower()
    # The set-up page itself, and signing out, work.
    page = client.get(setup)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="code"' in html and "<script>" not in html and "style=" not in html
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(HOME).url.startswith(reverse("login"))


def test_setting_up_totp_opens_the_application(strict, make_user,
                                              django_capture_on_commit_callbacks):
    user = make_user("pusat", "analis")
    client, _ = password_login(user)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    codes = client.get(response.url)
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    entry = security("mfa_activated").filter(data__type="totp").get()
    assert entry.actor_id == user.pk and entry.subject_id == user.pk


def test_wrong_setup_code_is_refused(strict, make_user):
    user = make_user("3273", "auditor")
    client, _ = password_login(user)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode() or response.context["form"].errors
    assert not Authenticator.objects.filter(user=user).exists()
    assert client.get(HOME).url == reverse("mfa_activate_totp")


# --------------------------------------------------------------------------- every login


def test_user_with_mfa_must_enter_the_code(strict, make_user):
    user = make_user("3273", "kepala")
    secret = give_totp(user)
    client, response = password_login(user)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    # Not signed in until the code is given.
    assert client.get(HOME).url.startswith(reverse("login"))
    assert not security("login").exists()
    client, response = password_login(user)
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert security("login").filter(subject_id=user.pk).count() == 1


def test_wrong_code_keeps_the_user_out_and_is_recorded(strict, make_user):
    user = make_user("3273", "kepala")
    give_totp(user)
    client, _ = password_login(user)
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert client.get(HOME).status_code == 302
    assert security("mfa_failed").filter(subject_id=user.pk).exists()


def test_guessing_codes_is_limited(strict, make_user):
    user = make_user("3273", "kepala")
    secret = give_totp(user)
    client, _ = password_login(user)
    for guess in range(10):
        client.post(reverse("mfa_authenticate"), {"code": f"{guess:06d}"})
    right = f"{hotp_value(secret, int(time.time()) // 30):06d}"  # without clearing the cache
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 200  # refused: too many attempts
    assert client.get(HOME).status_code == 302


def test_recovery_code_signs_in_once_and_is_recorded(strict, make_user):
    user = make_user("3273", "kepala")
    give_totp(user)
    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")) \
        .get_unused_codes()[0]
    client, _ = password_login(user)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(HOME).status_code == 200
    assert security("mfa_recovery_code_used").filter(subject_id=user.pk).exists()
    again, _ = password_login(user)
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert again.get(HOME).status_code == 302


def test_session_that_skipped_the_mfa_step_is_ended(strict, make_user, client):
    user = make_user("3273", "kepala")
    give_totp(user)
    client.force_login(user)  # a login outside allauth's flow: no MFA step recorded
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(HOME).status_code == 302  # the session is gone


def test_non_privileged_user_signs_in_without_mfa(strict, make_user):
    user = make_user("327301", "penangan")
    client, response = password_login(user)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(HOME).status_code == 200


def test_bearer_tokens_are_not_affected(strict, make_user):
    user = make_user("3273", "kepala")  # no MFA
    _token, raw = ApiToken.issue(user)
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_admin_login_goes_through_the_mfa_login(strict, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.post(reverse("login"), {"username": "root", "password": PASSWORD})
    assert client.get(reverse("admin:index")).url == reverse("mfa_activate_totp")
