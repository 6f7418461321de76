"""Ending a user's sessions (database session store)."""

from django.contrib.sessions.models import Session
from django.utils import timezone


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
