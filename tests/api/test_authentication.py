"""Every endpoint needs a valid bearer token (or a browser session with CSRF for writes)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from selaras.accounts.models import ApiToken

from .helpers import counts

ENDPOINTS = [
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/KSBK-3273-2026-00001"),
    ("patch", "/api/v1/cases/KSBK-3273-2026-00001"),
    ("post", "/api/v1/cases/KSBK-3273-2026-00001/transitions"),
    ("get", "/api/v1/cases/KSBK-3273-2026-00001/events"),
    ("get", "/api/v1/cases/KSBK-3273-2026-00001/notes"),
    ("post", "/api/v1/cases/KSBK-3273-2026-00001/notes"),
    ("get", "/api/v1/categories"),
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/units"),
    ("get", "/api/v1/me"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_no_token_is_401_json(db, make_case, method, path):
    make_case()
    before = counts()
    client = Client()
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert counts() == before


@pytest.mark.parametrize(
    "header",
    [
        "Bearer slr_not-a-real-token",
        "Bearer ",
        "Token abc",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
    ],
)
def test_bad_token_is_401(api_as, header):
    response = api_as().get("/api/v1/cases", Authorization=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_valid_token_authenticates(api_as, make_user):
    user = make_user("own", "kepala")
    response = api_as(user).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == user.username


def test_scheme_name_is_case_insensitive(api_as, make_user):
    user = make_user("own", "kepala")
    _token, raw = ApiToken.issue(user)
    assert api_as().get("/api/v1/me", Authorization=f"bearer {raw}").status_code == 200


def test_revoked_expired_and_inactive_tokens_are_401(api_as, make_user):
    user = make_user("own", "kepala")
    revoked, raw_revoked = ApiToken.issue(user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    _expired, raw_expired = ApiToken.issue(user, expires_at=timezone.now() - timedelta(minutes=1))
    assert api_as(token=raw_revoked).get("/api/v1/me").status_code == 401
    assert api_as(token=raw_expired).get("/api/v1/me").status_code == 401

    _ok, raw_ok = ApiToken.issue(user)
    user.is_active = False
    user.save()
    assert api_as(token=raw_ok).get("/api/v1/me").status_code == 401


def test_logged_in_browser_session_may_read(db, make_user):
    user = make_user("own", "kepala")
    client = Client()
    client.force_login(user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == user.username


def test_session_write_without_csrf_token_is_refused(db, make_user, valid_case_body):
    user = make_user("own", "kepala")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = counts()
    response = client.post("/api/v1/cases", valid_case_body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert counts() == before


def test_session_write_with_csrf_token_works(db, make_user, valid_case_body):
    user = make_user("own", "kepala")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/v1/docs")  # sets the CSRF cookie, as the docs page does in a browser
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/cases", valid_case_body, content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_bearer_write_needs_no_csrf(db, make_user, valid_case_body):
    user = make_user("own", "kepala")
    _token, raw = ApiToken.issue(user, scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/cases", valid_case_body, content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201, response.content
