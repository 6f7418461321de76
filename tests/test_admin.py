"""Django admin: pages render; cases and regions are read-only; cases are for superusers only."""

import pytest
from django.urls import reverse

from selaras.accounts.models import ApiToken
from selaras.cases.models import Case


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org",
                                                      "kata-sandi-admin-panjang")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staf", password="kata-sandi-staf-panjang",
                                                 is_staff=True)


@pytest.mark.parametrize("name", [
    "regions_region", "org_unit", "org_membership", "cases_category", "cases_case",
    "accounts_user", "accounts_apitoken",
])
def test_changelists_render(client, superuser, make_case, name):
    make_case()
    client.force_login(superuser)
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


def test_case_is_read_only_and_never_deleted(client, superuser, make_case):
    case = make_case()
    client.force_login(superuser)
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 200
    response = client.post(reverse("admin:cases_case_change", args=[case.pk]),
                           {"title": "diubah"})
    assert response.status_code == 403
    assert client.post(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    case.refresh_from_db()
    assert case.title != "diubah"


def test_staff_without_superuser_sees_no_cases(client, staff, make_case):
    case = make_case()
    client.force_login(staff)
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_region_cannot_be_changed(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:regions_region_change", args=["3273"])
    assert client.get(url).status_code == 200  # viewable
    assert client.post(url, {"name": "X"}).status_code == 403


def test_unit_edit_page_renders(client, superuser, unit):
    client.force_login(superuser)
    response = client.get(reverse("admin:org_unit_change", args=[unit("own").pk]))
    assert response.status_code == 200


def test_token_revoke_action(client, superuser, make_user):
    user = make_user("3273", "pelapor")
    token, raw = ApiToken.issue(user)
    client.force_login(superuser)
    client.post(reverse("admin:accounts_apitoken_changelist"),
                {"action": "revoke", "_selected_action": [token.pk], "post": "yes"})
    assert ApiToken.authenticate(raw) is None  # details: tests/accounts/test_token_revocation.py
