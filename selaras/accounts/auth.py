"""How the API knows who is calling.

* ``BearerAuth``: ``Authorization: Bearer <token>`` with a token from
  ``manage.py issuetoken`` (only its hash is stored, see ``ApiToken``). This is
  what other systems use. A token's ``scope`` is enforced here, at the one place
  a bearer token is accepted: a ``read`` token sending anything but GET/HEAD/OPTIONS
  gets 403 (``read_only_token_message()``) before the handler runs, so nothing changes.
  The web session is not scoped.
* ``SessionAuth``: a user logged in to the web UI may call the API from the same
  browser (the docs page's "Try it out"). Unsafe methods then need the CSRF token
  like any form would; a request without a session simply falls through to 401.

Guessing tokens: every invalid bearer token counts against the caller's address
(Django's cache). After ``API_TOKEN_FAILURE_LIMIT`` failures the address is blocked
for ``API_TOKEN_LOCKOUT_SECONDS``: every bearer request from it then gets 429 with
``Retry-After`` (``selaras.accounts.middleware.ApiTokenLockoutMiddleware``), valid
token or not — otherwise the answers would still tell a guesser when a token is right.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from selaras.integration.caller import client_ip

from .models import ApiToken

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def read_only_token_message() -> str:
    return _("This token is read-only; issue a token with scope write to change data.")


def _failures_key(ip: str) -> str:
    return f"selaras:tokenfail:{ip}"


def _block_key(ip: str) -> str:
    return f"selaras:tokenblock:{ip}"


def token_lockout_wait(request) -> int | None:
    """Seconds until this address may present bearer tokens again, or None."""
    until = cache.get(_block_key(client_ip(request)))
    if until is None:
        return None
    wait = math.ceil(float(until) - time.time())
    return wait if wait > 0 else None


def record_token_failure(request) -> None:
    limit = getattr(settings, "API_TOKEN_FAILURE_LIMIT", 10)
    if not limit or limit <= 0:
        return
    period = getattr(settings, "API_TOKEN_LOCKOUT_SECONDS", 900)
    ip = client_ip(request)
    key = _failures_key(ip)
    if cache.add(key, 1, timeout=period):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=period)
            count = 1
    if count >= limit:
        cache.set(_block_key(ip), time.time() + period, timeout=period)
        cache.delete(key)
        from selaras.audit import services as audit

        audit.security("api_token_lockout", object_type="address", object_id=ip,
                       data={"address": ip, "failures": count, "seconds": period})


class BearerAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "")
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.find(token)
        if api_token is None or not api_token.user.is_active:
            record_token_failure(request)
            return None
        if not api_token.allows(request.method):
            # Raised, not returned as None: the caller must not fall through to the
            # session (a browser cookie sent along would otherwise lift the limit).
            raise HttpError(403, read_only_token_message())
        request.api_token = api_token
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in web user; CSRF-checked for anything but safe methods."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        # CSRF is checked in authenticate(), only once we know there is a session:
        # a caller without one must get 401, not a CSRF error.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if not key or user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403,
                _("CSRF check failed. Send the X-CSRFToken header, or use a bearer token."),
            )
        return user


api_auth = [BearerAuth(), SessionAuth()]
