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

Known but refused tokens: a token whose hash matches a row that is revoked, expired
or whose user is inactive is not a guess — only its holder has it. It gets 401 with
its own message ("This token was revoked." / "has expired." / "'s account is
disabled.", and ``WWW-Authenticate: Bearer ... error="invalid_token",
error_description="..."`` as in RFC 6750) and does NOT count toward the address's
lockout: a decommissioned system still calling with its old token must not lock out
every other system behind the same gateway. Each such token makes at most one
``api_token_refused`` audit row per ``API_TOKEN_REFUSAL_AUDIT_SECONDS`` (an hour),
so a retry loop cannot flood the audit trail. Telling the two cases apart costs
nothing extra: it is the same single indexed query on ``key_hash`` (``ApiToken.lookup``).
"""

import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from selaras.integration.caller import client_ip

from .models import ApiToken

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The answer to a known token that may not be used, by ``ApiToken.refusal()``.
# English source texts (translated when answered); no dates or names: the caller
# learns only what the holder of the token may know.
REFUSAL_MESSAGES = {
    ApiToken.REVOKED: gettext_noop("This token was revoked."),
    ApiToken.EXPIRED: gettext_noop("This token has expired."),
    ApiToken.ACCOUNT_DISABLED: gettext_noop("This token's account is disabled."),
}
REFUSED_ACTION = "api_token_refused"


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


def _header_text(message: str, fallback: str) -> str:
    """``message`` if RFC 6750 allows it in ``error_description`` (printable ASCII
    without ``"`` and ``\\``), else the English ``fallback``."""
    if all(0x20 <= ord(c) <= 0x7E and c not in '"\\' for c in message):
        return message
    return fallback


class TokenRefused(HttpError):
    """401 for a token that exists but may not be used (see the module docstring)."""

    def __init__(self, reason: str):
        english = REFUSAL_MESSAGES[reason]
        message = _(english)
        super().__init__(401, message)
        self.reason = reason
        self.www_authenticate = (
            'Bearer realm="selaras", error="invalid_token", '
            f'error_description="{_header_text(message, english)}"'
        )


def _refusal_throttled(token: ApiToken) -> bool:
    """True when this token's refusal was audited within the throttle period."""
    seconds = getattr(settings, "API_TOKEN_REFUSAL_AUDIT_SECONDS", 3600)
    if not seconds or seconds <= 0:
        return False
    if not cache.add(f"selaras:tokenrefused:{token.pk}", 1, timeout=seconds):
        return True
    # The cache may be per process or may have been cleared: the trail decides.
    from selaras.audit.models import AuditEntry, AuditKind

    since = timezone.now() - timedelta(seconds=seconds)
    return AuditEntry.objects.filter(
        kind=AuditKind.SECURITY, action=REFUSED_ACTION, object_type="api_token",
        object_id=str(token.pk), created_at__gte=since,
    ).exists()


def record_token_refusal(request, token: ApiToken, reason: str) -> bool:
    """Audit the use of a refused token, at most once per token and period.

    Returns True when an audit row was written. The row names the token's prefix
    and user (never the token or its hash), the reason and the caller's address.
    """
    if _refusal_throttled(token):
        return False
    from selaras.audit import services as audit

    ip = client_ip(request)
    seconds = getattr(settings, "API_TOKEN_REFUSAL_AUDIT_SECONDS", 3600)
    audit.security(REFUSED_ACTION, subject_id=token.user_id, object_type="api_token",
                   object_id=token.pk,
                   data={"prefix": token.prefix, "name": token.name,
                         "username": token.user.username, "reason": reason, "address": ip,
                         "method": request.method, "path": request.path[:200]})
    logger.warning(
        "Refused API token %s… (%s) used from %s; further uses within %s s are not "
        "audited.", token.prefix, reason, ip, seconds)
    return True


class BearerAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header, "")
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.lookup(token)
        if api_token is None:
            record_token_failure(request)  # a guess: counts toward the lockout
            return None
        reason = api_token.refusal()
        if reason is not None:
            # Known, but not usable: its holder learns why; not counted as a guess.
            # Raised, not None: no fall-through to the session either.
            record_token_refusal(request, api_token, reason)
            raise TokenRefused(reason)
        api_token.note_use()
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
