"""Ending a user's sessions (database session store), and the session middleware that lets
background requests leave the session as it is."""

from django.contrib.sessions.middleware import SessionMiddleware as _DjangoSessionMiddleware
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.cache import patch_vary_headers


def end_sessions(user_id, *, keep: str | None = None) -> int:
    """Delete every live session of ``user_id`` except ``keep``; return how many."""
    uid = str(user_id)
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == uid:
            doomed.append(session.session_key)
    if doomed:
        Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


# --------------------------------------------------------------------------- background

UNTOUCHED_ATTR = "_selaras_session_untouched"


def leave_session_untouched(request) -> None:
    """Mark a request whose response must not write the session back (see the middleware)."""
    setattr(request, UNTOUCHED_ATTR, True)


class SessionMiddleware(_DjangoSessionMiddleware):
    """Django's session middleware, except for requests marked with
    ``leave_session_untouched``: background requests of the page (the offline queue's
    session check, the service worker's precache). With SESSION_SAVE_EVERY_REQUEST every
    response saves the whole session it loaded, so such a request finishing after a
    foreground one would undo what that one stored (an admin change held for
    re-authentication), and it would keep an idle session alive while a tab stays open."""

    def process_response(self, request, response):
        if getattr(request, UNTOUCHED_ATTR, False):
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
