"""The main menu offers the audit trail to auditors only (the page is 404 for others)."""

from django.urls import reverse


def test_an_auditor_finds_the_audit_trail_in_the_menu(client, make_user):
    client.force_login(make_user("own", "auditor", username="auditor_bandung"))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("audit-list")}"' in page
    assert client.get(reverse("audit-list")).status_code == 200


def test_other_roles_are_not_offered_the_audit_trail(client, make_user):
    client.force_login(make_user("own", "kepala", username="kepala_bandung"))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("audit-list")}"' not in page
    assert client.get(reverse("audit-list")).status_code == 404


def test_the_membership_inline_picks_the_office_by_search(admin_client, make_user):
    """In the admin a user's office is chosen with a search box (code or name), not by
    typing a raw database id."""
    from django.core import checks

    user = make_user("own", "kepala", username="kepala_admin_page")
    assert not [e for e in checks.run_checks(tags=["admin"]) if e.level >= checks.ERROR]
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "admin-autocomplete" in html and "vForeignKeyRawIdAdminField" not in html
