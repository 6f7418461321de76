"""Where the case services hand their timeline entries to webhooks.

``selaras.cases.services.record_event`` calls ``case_event_recorded`` inside its
transaction. Nothing happens before the commit; afterwards (``robust``) the worker builds
the deliveries (``tasks.dispatch_case_event_task``), so the request does one enqueue and a
webhook problem is logged and never undoes or breaks the case change.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def case_event_recorded(event) -> None:
    try:
        from .events import event_types_for

        if not event_types_for(kind=event.kind, action=event.action,
                               from_status=event.from_status, to_status=event.to_status):
            return  # a timeline entry no webhook is about costs nothing
        event_id = event.pk
        transaction.on_commit(lambda: dispatch_safely(event_id), robust=True)
    except Exception:  # noqa: BLE001 - the case write goes on whatever happens here
        logger.exception("Could not schedule webhooks for case event %s",
                         getattr(event, "pk", None))


def dispatch_safely(event_id: int) -> None:
    """Hand the fan-out to the worker; if the queue refuses, do it here instead."""
    from . import services, tasks

    try:
        tasks.dispatch_case_event_task.enqueue(event_id)
        return
    except Exception:  # noqa: BLE001 - fall back to building the deliveries now
        logger.warning("Could not queue webhook fan-out of case event %s; building it now",
                       event_id, exc_info=True)
    try:
        services.dispatch_case_event(event_id)
    except Exception:  # noqa: BLE001 - logged; the event simply sends no webhook
        logger.exception("Could not build webhook deliveries for case event %s", event_id)
