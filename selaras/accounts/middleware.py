"""Session and login policy middlewares.

Absolute session lifetime: a login lasts at most SESSION_ABSOLUTE_SECONDS (12 h).

The idle limit (30 minutes) is Django's own SESSION_COOKIE_AGE refreshed on every
request; this middleware adds the absolute cap, counted from the login time kept
in the session.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

LOGIN_AT_KEY = "_selaras_login_at"


class AbsoluteSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - float(login_at) > settings.SESSION_ABSOLUTE_SECONDS:
                request._selaras_logout_reason = "absolute_timeout"
                logout(request)
                messages.info(request, _("Your session has ended after %(hours)d hours. "
                                         "Please sign in again.")
                              % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600})
        return self.get_response(request)


# --------------------------------------------------------------------------- MFA

MFA_CHECKED_KEY = "_selaras_mfa_checked_at"
MFA_RECHECK_SECONDS = 300
# Pages a user who must still set up MFA may reach (by URL name).
MFA_SETUP_URL_NAMES = frozenset({
    "logout", "account_logout", "login", "account_login",
    "mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes",
    "mfa_download_recovery_codes", "mfa_generate_recovery_codes",
    "account_reauthenticate", "mfa_reauthenticate", "set_language",
    "healthz", "readyz",
})


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _bearer(request) -> bool:
    return request.headers.get("Authorization", "").strip().lower().startswith("bearer ")


class MfaEnforcementMiddleware:
    """Privileged users (``selaras.accounts.mfa.mfa_required``) use a second factor.

    * Without one yet: every page except the MFA set-up pages (and logout, language)
      redirects to the TOTP set-up; the session API answers 403. Set up on first login.
    * With one: the session must have passed the MFA step at login (allauth's
      login flow asks for the code). A session that did not (created outside the
      login flow) is ended and the user sent to the login page.

    Bearer-token API calls are not affected: tokens are issued by operators.
    The result is remembered in the session for 5 minutes, so a normal page view
    costs no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "MFA_ENFORCED", True):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated
                    and not (_is_api(request) and _bearer(request))):
                response = self.check(request, user)
                if response is not None:
                    return response
        return self.get_response(request)

    def check(self, request, user):
        from . import mfa

        checked = request.session.get(MFA_CHECKED_KEY)
        now = time.time()
        if checked is not None and now - float(checked) < MFA_RECHECK_SECONDS:
            return None
        if not mfa.mfa_required(user):
            request.session[MFA_CHECKED_KEY] = now
            return None
        if mfa.has_mfa(user):
            if mfa.session_passed_mfa(request):
                request.session[MFA_CHECKED_KEY] = now
                return None
            request._selaras_logout_reason = "mfa_not_verified"
            logout(request)
            if _is_api(request):
                return _api_error(401, _("Sign in again with your two-factor code."))
            messages.info(request, _("Please sign in again with your two-factor code."))
            return redirect_to_login(request.get_full_path())
        # MFA required and not set up yet.
        if self._setup_allowed(request):
            return None
        if _is_api(request):
            return _api_error(403, _("Set up two-factor authentication in the web "
                                     "application before using the API from this session."))
        if not request.headers.get("HX-Request"):
            messages.info(request, _("Your role requires two-factor authentication. "
                                     "Set it up now to continue."))
        return redirect("mfa_activate_totp")

    @staticmethod
    def _setup_allowed(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in MFA_SETUP_URL_NAMES


def _api_error(status: int, detail: str):
    from selaras.core.api import error_response

    response = error_response(status, detail)
    response["Cache-Control"] = "private, no-store"
    return response


class ApiTokenLockoutMiddleware:
    """Bearer requests from an address blocked for guessing tokens → 429 + Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request) and _bearer(request):
            from .auth import token_lockout_wait

            wait = token_lockout_wait(request)
            if wait is not None:
                response = _api_error(429, _(
                    "Too many invalid tokens from your address. Wait %(seconds)s seconds "
                    "before trying again.") % {"seconds": wait})
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
