"""The admin lists a token's scope, filters by it, and changes it (audited)."""

import pytest
from django.urls import reverse

from selaras.accounts.models import ApiToken
from selaras.audit.models import AuditEntry


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org",
                                                      "kata-sandi-admin-panjang")
    client.force_login(root)
    client.root = root
    return client


@pytest.fixture
def token(make_user):
    return ApiToken.issue(make_user("3273", "analis", username="pusdatin"), name="dasbor")[0]


def test_the_list_shows_the_scope(admin_client, token):
    response = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "column-scope" in html and "baca (hanya GET)" in html  # "read (GET only)"
    filtered = admin_client.get(reverse("admin:accounts_apitoken_changelist"), {"scope": "write"})
    assert token.prefix not in filtered.content.decode()


def test_the_form_changes_only_the_scope_and_audits_it(admin_client, token):
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="scope"' in page and 'name="key_hash"' not in page
    response = admin_client.post(url, {"scope": "write", "name": "dirusak", "key_hash": "x"})
    assert response.status_code == 302, response.content
    token.refresh_from_db()
    assert (token.scope, token.name) == ("write", "dasbor")  # the rest is read-only
    entry = AuditEntry.objects.get(action="api_token_scope_changed")
    assert entry.actor == admin_client.root and entry.object_id == str(token.pk)
    assert (entry.data["old_scope"], entry.data["scope"], entry.data["via"]) == (
        "read", "write", "admin")


def test_saving_without_a_change_writes_no_audit_row(admin_client, token):
    url = reverse("admin:accounts_apitoken_change", args=[token.pk])
    admin_client.post(url, {"scope": "read"})
    assert not AuditEntry.objects.filter(action="api_token_scope_changed").exists()


def test_widening_a_token_needs_a_recent_authentication(admin_client, token, settings):
    settings.REAUTH_ENFORCED = True  # force_login leaves no recent-authentication record
    response = admin_client.post(reverse("admin:accounts_apitoken_change", args=[token.pk]),
                                 {"scope": "write"})
    assert response.status_code == 302 and "reauthenticate" in response.url
    token.refresh_from_db()
    assert token.scope == "read"
