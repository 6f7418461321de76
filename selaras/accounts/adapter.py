"""How django-allauth behaves in Selaras.

* Nobody signs up: accounts are created by administrators (``manage.py adduser``,
  the admin). The sign-up page says so.
* Re-authentication: a password or MFA step within the last
  ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds (5 minutes) — the login itself or an
  explicit re-authentication — is required before sensitive changes
  (``selaras.accounts.reauth``).
* Single sign-on (OIDC): the identity provider's user is matched to an existing,
  active Selaras user by e-mail address (when the IdP does not mark it unverified),
  else by username (``preferred_username``). No match, or more than one: refused
  with a page saying whom to ask. Nothing is ever created from an IdP login.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.shortcuts import render

from . import reauth

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        request = self.request or context.request
        if request is not None and reauth.recently_authenticated(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    merged: dict = {}
    for part in ("id_token", "userinfo"):  # userinfo wins
        if isinstance(data.get(part), dict):
            merged.update(data[part])
    if not merged and isinstance(data, dict):
        merged = dict(data)
    return merged


def match_user(claims: dict):
    """The one active user the IdP's claims point at, or None."""
    users = get_user_model().objects.filter(is_active=True)
    email = str(claims.get("email") or "").strip()
    if email and claims.get("email_verified") is not False:
        found = list(users.filter(email__iexact=email)[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None  # ambiguous: never guess
    username = str(claims.get("preferred_username") or "").strip()
    if username:
        return users.filter(username=username).first()
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def list_apps(self, request, provider=None, client_id=None):
        """Only the identity provider configured by the environment (OIDC_*); SSO is
        never configured in the database (and the login page costs no query)."""
        from allauth.socialaccount.adapter import _build_apps_from_settings

        apps = []
        for provider_apps in _build_apps_from_settings(
                provider=provider, client_id=client_id).values():
            apps.extend(provider_apps)
        return apps

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                raise ImmediateHttpResponse(self._refused(request, sociallogin))
            return
        user = match_user(_claims(sociallogin))
        if user is None:
            logger.warning("SSO login refused: no Selaras user for IdP subject %s",
                           sociallogin.account.uid)
            raise ImmediateHttpResponse(self._refused(request, sociallogin))
        sociallogin.connect(request, user)

    def _refused(self, request, sociallogin):
        from selaras.audit import services as audit

        claims = _claims(sociallogin)
        audit.security("sso_refused", object_type="user", data={
            "provider": sociallogin.account.provider,
            "uid": str(sociallogin.account.uid)[:200],
            "email": str(claims.get("email") or "")[:200],
            "username": str(claims.get("preferred_username") or "")[:150],
        })
        return render(request, "socialaccount/sso_refused.html",
                      {"email": claims.get("email") or "",
                       "username": claims.get("preferred_username") or ""},
                      status=403)
