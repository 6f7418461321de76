"""The user behind the request being handled, for audit rows written from model signals.

allauth's ``AccountMiddleware`` keeps the current request in a context variable for
the whole request; outside a request (commands, jobs) there is no actor — unless the
code doing the change names one with ``acting_as(user)`` (e.g. an import, which
writes memberships on behalf of the person who committed it, also through the API).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from allauth.core import context

_acting: ContextVar = ContextVar("selaras_acting_user", default=None)


@contextmanager
def acting_as(user):
    """Inside the block ``current_user()`` is ``user`` (whatever the request says)."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def current_user():
    acting = _acting.get()
    if acting is not None:
        return acting
    request = context.request
    user = getattr(request, "user", None) if request is not None else None
    if user is None or not user.is_authenticated:
        return None
    return user


def current_address() -> str:
    request = context.request
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
