"""The user behind the request being handled, for audit rows written from model signals.

allauth's ``AccountMiddleware`` keeps the current request in a context variable for
the whole request; outside a request (commands, jobs) there is no actor.
"""

from allauth.core import context


def current_user():
    request = context.request
    user = getattr(request, "user", None) if request is not None else None
    if user is None or not user.is_authenticated:
        return None
    return user


def current_address() -> str:
    request = context.request
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
