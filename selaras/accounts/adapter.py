"""How django-allauth behaves in Selaras.

* Nobody signs up: accounts are created by administrators (``manage.py adduser``,
  the admin). The sign-up page says so.
* Re-authentication: a password or MFA step within the last
  ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds (5 minutes) — the login itself or an
  explicit re-authentication — is required before sensitive changes
  (``selaras.accounts.reauth``).
* Single sign-on (OIDC): the identity provider's user is matched to an existing,
  active Selaras user by e-mail address only when the IdP asserts
  ``email_verified: true`` (``SSO_REQUIRE_EMAIL_VERIFIED``, on by default; an
  explicit ``false`` is never trusted). Matching by username (``preferred_username``)
  is off unless ``SSO_MATCH_USERNAME`` is set: that claim is often chosen by the user
  at the IdP. No match, or more than one: refused with a page saying whom to ask.
  Nothing is ever created from an IdP login.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
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


def email_is_verified(claims: dict) -> bool:
    """The IdP asserts the address is verified (``true``; some IdPs send ``"true"``)."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _email_usable(claims: dict) -> bool:
    value = claims.get("email_verified")
    if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
        return False  # explicitly unverified: never, whatever the settings say
    if email_is_verified(claims):
        return True
    # No claim at all: only where the operator has said the IdP verifies every address.
    return not getattr(settings, "SSO_REQUIRE_EMAIL_VERIFIED", True)


def match(claims: dict):
    """``(user, reason)``: the one active user the IdP's claims point at, or ``None`` and
    why not (``email_not_verified``, ``ambiguous_email``, ``no_match``)."""
    users = get_user_model().objects.filter(is_active=True)
    email = str(claims.get("email") or "").strip()
    reason = "no_match"
    if email:
        if _email_usable(claims):
            found = list(users.filter(email__iexact=email)[:2])
            if len(found) == 1:
                return found[0], ""
            if len(found) > 1:
                return None, "ambiguous_email"  # never guess
        else:
            reason = "email_not_verified"
    username = str(claims.get("preferred_username") or "").strip()
    if username and getattr(settings, "SSO_MATCH_USERNAME", False):
        user = users.filter(username=username).first()
        if user is not None:
            return user, ""
    return None, reason


def match_user(claims: dict):
    """The one active user the IdP's claims point at, or None."""
    return match(claims)[0]


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
                raise ImmediateHttpResponse(self._refused(request, sociallogin, "inactive"))
            return
        user, reason = match(_claims(sociallogin))
        if user is None:
            logger.warning("SSO login refused (%s): no Selaras user for IdP subject %s",
                           reason, sociallogin.account.uid)
            raise ImmediateHttpResponse(self._refused(request, sociallogin, reason))
        sociallogin.connect(request, user)

    def _refused(self, request, sociallogin, reason: str):
        from selaras.audit import services as audit

        claims = _claims(sociallogin)
        audit.security("sso_refused", object_type="user", data={
            "provider": sociallogin.account.provider,
            "uid": str(sociallogin.account.uid)[:200],
            "email": str(claims.get("email") or "")[:200],
            "username": str(claims.get("preferred_username") or "")[:150],
            "reason": reason,
        })
        return render(request, "socialaccount/sso_refused.html",
                      {"email": claims.get("email") or "",
                       "username": claims.get("preferred_username") or ""},
                      status=403)
