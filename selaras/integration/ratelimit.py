"""Rate limits for /api/v1/ (fixed-window counters in Django's cache).

Two limits, both configurable in settings (from the environment):

* ``API_RATE_LIMIT`` (default ``120/minute``): every request;
* ``API_RATE_LIMIT_WRITE`` (default ``30/minute``): additionally, every request with
  an unsafe method (POST, PUT, PATCH, DELETE).

A caller is counted by API token (each token of a user has its own budget), else by
user (web session), else by client IP address, so floods of unauthenticated requests
(401s) are limited too. Over the limit → 429 with ``Retry-After`` (seconds until the
window ends) and a JSON ``detail``. A limit of ``0``, ``off`` or empty disables it.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .caller import client_ip, get_caller

PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60,
           "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def parse_rate(value) -> tuple[int, int] | None:
    """``"120/minute"`` → (120, 60); None means no limit."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("", "0", "off", "none"):
        return None
    count, _sep, period = text.partition("/")
    period = period.strip()
    if period not in PERIODS and period.endswith("s"):
        period = period[:-1]  # "minutes" → "minute"
    try:
        number = int(count)
        seconds = PERIODS[period or "minute"]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"Rate limit {value!r} is not valid; use e.g. '120/minute' (second, minute, "
            "hour, day)."
        ) from None
    if number <= 0:
        return None
    return number, seconds


def identity(request) -> str:
    caller = get_caller(request)
    if caller.token_id is not None:
        return f"token:{caller.token_id}"
    if caller.user_id is not None:
        return f"user:{caller.user_id}"
    return f"ip:{client_ip(request)}"


def _hit(scope: str, ident: str, limit: int, period: int, now: float) -> int | None:
    """Counts one request; the seconds to wait when over the limit, else None."""
    window = int(now // period)
    key = f"selaras:rl:{scope}:{ident}:{period}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=period + 1)
            count = 1
    if count > limit:
        return max(1, math.ceil((window + 1) * period - now))
    return None


def _now() -> float:
    return time.time()


def check(request) -> int | None:
    """Counts the request against the caller's limits; seconds to wait if refused."""
    now = _now()
    ident = identity(request)
    waits = []
    general = parse_rate(getattr(settings, "API_RATE_LIMIT", "120/minute"))
    if general:
        waits.append(_hit("all", ident, *general, now))
    if request.method not in SAFE_METHODS:
        write = parse_rate(getattr(settings, "API_RATE_LIMIT_WRITE", "30/minute"))
        if write:
            waits.append(_hit("write", ident, *write, now))
    waits = [w for w in waits if w is not None]
    return max(waits) if waits else None
