"""The one door from automation to notifications.

``selaras.notifications.services.notify`` (issue #4, in-app inbox, email and
WhatsApp/SMS) sends to users, or to the members of a unit with given roles, once
per ``dedupe_key``. This adapter imports it lazily so the automation works (and
records its steps on the timeline) whether or not notifications are installed:
without them it sends nothing. Errors raised by notify reach the caller, which
decides to retry; they never undo a change to a case.
"""

import importlib
import importlib.util
import logging

logger = logging.getLogger(__name__)

SERVICE_MODULE = "selaras.notifications.services"


def _service():
    try:
        if importlib.util.find_spec(SERVICE_MODULE) is None:
            return None
    except ModuleNotFoundError:
        return None
    return getattr(importlib.import_module(SERVICE_MODULE), "notify", None)


def notify(*, recipients=None, unit=None, roles=None, kind: str, case=None, subject: str,
           body: str, dedupe_key: str) -> bool:
    """Hand one notification to the notifications app; False when there is none to hand to."""
    service = _service()
    if service is None:
        logger.info("notifications not installed; not sending %s (%s)", kind, dedupe_key)
        return False
    service(recipients=recipients, unit=unit, roles=roles, kind=kind, case=case,
            subject=subject, body=body, dedupe_key=dedupe_key)
    return True
