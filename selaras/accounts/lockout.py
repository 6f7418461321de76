"""django-axes hooks: the client address and the friendly lockout page."""

from axes.helpers import get_cool_off
from django.shortcuts import render

from selaras.integration.caller import client_ip as _client_ip


def client_ip(request) -> str | None:
    """The same address the API rate limits use (REMOTE_ADDR; see integration.caller);
    None when there is none (axes stores addresses in an IP column)."""
    ip = _client_ip(request)
    return None if ip == "unknown" else ip


def cool_off_minutes(request=None) -> int:
    delta = get_cool_off(request)
    return max(1, round(delta.total_seconds() / 60)) if delta else 0


def lockout_response(request, original_response=None, credentials=None):
    """429 with a page that says what happened and what to do (AXES_LOCKOUT_CALLABLE)."""
    minutes = cool_off_minutes(request)
    response = render(request, "account/lockout.html", {"minutes": minutes}, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
