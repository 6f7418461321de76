"""Middlewares for /api/v1/: rate limits first, then idempotent POSTs.

Listed in ``settings.MIDDLEWARE`` after ``AuthenticationMiddleware`` (they need the
session user). See ``ratelimit.py`` and ``idempotency.py`` for the rules.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.utils import check_csrf

from selaras.core.api import error_response

from . import idempotency, ratelimit
from .caller import get_caller

API_PREFIX = "/api/v1/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_api(request):
            wait = ratelimit.check(request)
            if wait is not None:
                response = error_response(429, _(
                    "Too many requests. Wait %(seconds)s seconds before trying again.")
                    % {"seconds": wait})
                response["Retry-After"] = str(wait)
                response["Cache-Control"] = "private, no-store"
                return response
        return self.get_response(request)


def _csrf_ok(request) -> bool:
    """A session caller's replay must pass the same CSRF check as the handler would."""
    return check_csrf(request) is None


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(idempotency.HEADER)
        if key is None or request.method != "POST" or not _is_api(request):
            return self.get_response(request)
        caller = get_caller(request)
        if (not caller.authenticated or (caller.via_session and not _csrf_ok(request))
                or not caller.may_send(request.method)):
            # The handler answers 401/403 (a read-only token: 403); nothing to remember,
            # so a later retry with a write token and the same key still runs.
            return self.get_response(request)
        key = key.strip()
        if not idempotency.KEY_RE.match(key):
            return error_response(400, _(
                "The Idempotency-Key header must be 1 to 255 visible ASCII characters "
                "(a UUID is a good choice)."))
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return error_response(413, _(
                "Idempotency-Key is supported only for request bodies up to %(bytes)s bytes. "
                "Send this request without the header.") % {"bytes": limit})
        digest = idempotency.body_hash(request.body)
        outcome = idempotency.begin(
            user_id=caller.user_id, key=key, method=request.method,
            path=request.get_full_path(), digest=digest, error=error_response)
        if outcome.response is not None:
            outcome.response.setdefault("Cache-Control", "private, no-store")
            return outcome.response
        try:
            response = self.get_response(request)
        except BaseException:
            idempotency.abandon(outcome.record)
            raise
        idempotency.finish(outcome.record, response)
        return response
