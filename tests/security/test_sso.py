"""OIDC single sign-on against a small fake identity provider (a local HTTP server
serving discovery, token, userinfo and JWKS): IdP users are matched to existing
Selaras users by an e-mail the IdP asserts as verified (by username only when the
operator opts in); unknown users are refused; nothing is created."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from selaras.audit.models import AuditEntry, AuditKind

HOME = "/"
CLIENT_ID = "selaras-test"


class FakeIdP:
    def __init__(self):
        self.claims = {}
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body):
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                path = urlparse(self.path).path
                if path.endswith("/.well-known/openid-configuration"):
                    self._json(idp.discovery())
                elif path == "/userinfo":
                    self._json(idp.claims)
                elif path == "/jwks":
                    self._json({"keys": []})
                else:
                    self.send_error(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if urlparse(self.path).path != "/token":
                    self.send_error(404)
                    return
                now = int(time.time())
                id_token = jwt.encode(
                    {"iss": idp.issuer, "aud": CLIENT_ID, "sub": idp.claims["sub"],
                     "iat": now, "exp": now + 300},
                    "not-checked-when-fetched-directly-over-tls", algorithm="HS256")
                self._json({"access_token": "at-123", "token_type": "Bearer",
                            "expires_in": 300, "id_token": id_token})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def idp(settings):
    fake = FakeIdP()
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{
        "provider_id": "sso", "name": "SSO Kemenag", "client_id": CLIENT_ID,
        "secret": "s3cret", "settings": {"server_url": fake.issuer, "fetch_userinfo": True},
    }]}}
    yield fake
    fake.stop()


def sso_login(idp, claims, client=None):
    idp.claims = {"sub": "idp-1", **claims}
    client = client or Client()
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "sso"}))
    assert start.status_code == 302 and start.url.startswith(f"{idp.issuer}/authorize")
    state = parse_qs(urlparse(start.url).query)["state"][0]
    response = client.get(reverse("openid_connect_callback", kwargs={"provider_id": "sso"}),
                          {"code": "code-1", "state": state})
    return client, response


def test_login_page_offers_sso_when_configured(idp, client):
    html = client.get(reverse("login")).content.decode()
    assert "SSO Kemenag" in html
    assert reverse("openid_connect_login", kwargs={"provider_id": "sso"}) in html


def test_sso_is_off_without_configuration(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "/oidc/" not in html
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "sso"}))
    assert response.status_code == 404


def test_idp_user_is_matched_by_email(idp, make_user):
    user = make_user("327301", "penangan", email="siti@kemenag.go.id")
    client, response = sso_login(idp, {"email": "Siti@Kemenag.go.id", "email_verified": True,
                                       "preferred_username": "siti.idp"})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    assert client.get(HOME).context["user"] == user
    assert SocialAccount.objects.get(uid="idp-1").user == user
    login = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="login")
    assert login.subject_id == user.pk
    # The second time the stored link is used.
    client2, _ = sso_login(idp, {"email": "siti@kemenag.go.id"})
    assert client2.get(HOME).context["user"] == user


def test_username_is_not_matched_by_default(idp, make_user):
    # preferred_username is often chosen by the user at the IdP: whoever picks "budi"
    # there must not become Selaras' budi.
    make_user("327301", "pelapor", username="budi")
    client, response = sso_login(idp, {"preferred_username": "budi",
                                       "email": "lain@example.org", "email_verified": True})
    assert response.status_code == 403
    assert client.get(HOME).status_code == 302
    assert not SocialAccount.objects.exists()
    refused = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="sso_refused")
    assert refused.data["reason"] == "no_match" and refused.data["username"] == "budi"


def test_username_is_matched_when_the_operator_opts_in(idp, make_user, settings):
    settings.SSO_MATCH_USERNAME = True
    user = make_user("327301", "pelapor", username="budi")
    client, _ = sso_login(idp, {"preferred_username": "budi", "email": "lain@example.org"})
    assert client.get(HOME).context["user"] == user


def test_unverified_email_is_not_used_for_matching(idp, make_user):
    make_user("327301", "penangan", email="siti@kemenag.go.id")
    client, response = sso_login(idp, {"email": "siti@kemenag.go.id", "email_verified": False,
                                       "preferred_username": "orang-lain"})
    assert response.status_code == 403
    assert client.get(HOME).status_code == 302
    refused = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="sso_refused")
    assert refused.data["reason"] == "email_not_verified"


@pytest.mark.parametrize("claim", [{}, {"email_verified": None}, {"email_verified": "yes"},
                                   {"email_verified": 1}])
def test_email_without_a_true_verified_claim_is_not_used(idp, make_user, claim):
    make_user("327301", "penangan", email="siti@kemenag.go.id")
    client, response = sso_login(idp, {"email": "siti@kemenag.go.id", **claim})
    assert response.status_code == 403
    assert client.get(HOME).status_code == 302
    assert not SocialAccount.objects.exists()


def test_verified_claim_sent_as_text_is_accepted(idp, make_user):
    user = make_user("327301", "penangan", email="siti@kemenag.go.id")
    client, _ = sso_login(idp, {"email": "siti@kemenag.go.id", "email_verified": "true"})
    assert client.get(HOME).context["user"] == user


def test_missing_claim_is_trusted_only_when_the_operator_turns_the_check_off(
        idp, make_user, settings):
    settings.SSO_REQUIRE_EMAIL_VERIFIED = False
    user = make_user("327301", "penangan", email="siti@kemenag.go.id")
    client, _ = sso_login(idp, {"email": "siti@kemenag.go.id"})
    assert client.get(HOME).context["user"] == user
    # An explicit "not verified" is never trusted, whatever the setting.
    client2, response = sso_login(idp, {"sub": "idp-2", "email": "siti@kemenag.go.id",
                                        "email_verified": False})
    assert response.status_code == 403
    assert client2.get(HOME).status_code == 302


def test_two_users_with_the_same_email_are_refused(idp, make_user):
    make_user("327301", "penangan", username="siti1", email="siti@kemenag.go.id")
    make_user("327301", "pelapor", username="siti2", email="SITI@kemenag.go.id")
    client, response = sso_login(idp, {"email": "siti@kemenag.go.id", "email_verified": True})
    assert response.status_code == 403
    refused = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="sso_refused")
    assert refused.data["reason"] == "ambiguous_email"


def test_unknown_idp_user_is_refused_and_nothing_is_created(idp, django_user_model):
    before = django_user_model.objects.count()
    client, response = sso_login(idp, {"email": "asing@kemenag.go.id",
                                       "preferred_username": "asing"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "asing@kemenag.go.id" in html and "administrator" in html
    assert client.get(HOME).status_code == 302
    assert django_user_model.objects.count() == before
    assert not SocialAccount.objects.exists()
    refused = AuditEntry.objects.get(kind=AuditKind.SECURITY, action="sso_refused")
    assert refused.data["email"] == "asing@kemenag.go.id"


def test_inactive_user_is_refused(idp, make_user):
    make_user("327301", "penangan", username="nonaktif", email="nonaktif@kemenag.go.id",
              is_active=False)
    client, response = sso_login(idp, {"email": "nonaktif@kemenag.go.id",
                                       "email_verified": True})
    assert response.status_code == 403
    assert client.get(HOME).status_code == 302


def test_sso_user_with_privileged_role_still_sets_up_mfa(idp, make_user, settings):
    settings.MFA_ENFORCED = True
    make_user("3273", "kepala", username="kepala.sso", email="kepala.sso@kemenag.go.id")
    client, _ = sso_login(idp, {"email": "kepala.sso@kemenag.go.id", "email_verified": True})
    assert client.get(HOME).url == reverse("mfa_activate_totp")
