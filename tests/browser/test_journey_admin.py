"""Admin's journey with the production security rules on: the first sign-in sends the
admin to set up two-factor sign-in (TOTP, code computed from the key on the page); the
admin then adds a user and gives them an office and a role, confirming it is them again
(re-authentication with the password) before the role is saved."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value
from django.core.cache import cache
from playwright.sync_api import expect

from selaras.org.models import Membership
from tests.conftest import PASSWORD


def totp_code(secret: str) -> str:
    cache.clear()  # allauth refuses a code used twice within its 30-second window
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


@pytest.fixture
def strict(settings):
    settings.MFA_ENFORCED = True
    settings.REAUTH_ENFORCED = True
    return settings


# The offline queue's service worker (its background requests are not part of this
# journey) is kept out of it: with SESSION_SAVE_EVERY_REQUEST, a request running alongside
# the one that suspends the admin's POST for re-authentication can write back the session
# without it, and the POST is then not replayed (seen once under load).
@pytest.mark.browser_context_args(service_workers="block")
def test_admin_sets_up_mfa_then_adds_a_user_with_an_office_and_a_role(
        page, live_server, make_user, unit, login, guide_shot, strict, django_user_model):
    admin = make_user("own", "admin", username="admin_kota_bandung", is_staff=True,
                      is_superuser=True)

    # First sign-in: straight to the two-factor set-up, nowhere else.
    login(page, admin.username)
    expect(page).to_have_url(re.compile(r"/akun/2fa/totp/activate/"))
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/akun/2fa/totp/activate/"))
    secret = page.locator("main code.code").inner_text().strip()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    assert Authenticator.objects.filter(user=admin, type="totp").exists()

    # Add the user: user name and a first password (the admin's "Tambah pengguna").
    page.goto(f"{live_server.url}/panduan/admin/")
    page.locator("main a[href='/admin/accounts/user/add/']").first.click()
    page.locator("input[name=username]").fill("penyuluh_baru")
    page.locator("input[name=password1]").fill("Sandi-awal-yang-panjang-42")
    page.locator("input[name=password2]").fill("Sandi-awal-yang-panjang-42")
    guide_shot(page, "admin-01-tambah-pengguna.png")
    page.locator("input[name=_continue]").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/user/\d+/change/"))
    new_user = django_user_model.objects.get(username="penyuluh_baru")

    # Person and the office and role (Keanggotaan): the office through its search box.
    page.locator("input[name=full_name]").fill("Ahmad Penyuluh")
    page.locator("input[name=email]").fill("ahmad.penyuluh@example.org")
    page.locator("#memberships-group .add-row a").click()
    kua = unit("child")
    page.locator("#id_memberships-0-unit + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill(kua.code)
    page.locator(".select2-results__option", has_text=kua.name).first.click()
    expect(page.locator("#id_memberships-0-unit")).to_have_value(str(kua.pk))
    page.locator("select[name=memberships-0-role]").select_option("pelapor")
    guide_shot(page, "admin-02-peran.png", focus=page.locator("#memberships-group"))

    # A role change needs a fresh confirmation: make the sign-in count as old.
    strict.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(r"/reauthenticate/"))
    assert not Membership.objects.filter(user=new_user).exists()
    strict.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    expect(page.locator("main h1")).to_have_text("Konfirmasi bahwa ini Anda")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/user/$"))
    expect(page.locator(".messagelist")).to_contain_text("Ahmad Penyuluh")

    new_user.refresh_from_db()
    assert new_user.full_name == "Ahmad Penyuluh"
    membership = Membership.objects.get(user=new_user)
    assert (membership.unit, membership.role) == (kua, "pelapor")
    assert new_user.check_password("Sandi-awal-yang-panjang-42")
