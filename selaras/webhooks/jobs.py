"""Periodic job: send the webhook deliveries whose retry is due (idempotent)."""

import logging
from datetime import timedelta

from selaras.automation.scheduler import periodic_job

from .models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

BATCH = 200


@periodic_job("webhook_retries", every=timedelta(minutes=1))
def webhook_retries(now) -> dict:
    """Hand every due delivery of an active subscription to the worker.

    The worker claims each one before sending, so a delivery queued twice (this pass and
    a pass before the worker got to it) is still sent once.
    """
    from .services import enqueue

    due = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=now,
            subscription__active=True,
        ).order_by("next_attempt_at").values_list("pk", flat=True)[:BATCH]
    )
    enqueue(due)
    return {"queued": len(due)}


# Finished deliveries (delivered or given up) are kept this long for the log, replay and
# proof of delivery, then deleted: their bodies carry case data (docs/api.md, "Webhooks").
KEEP_FINISHED = timedelta(days=90)
PURGE_BATCH = 1000


@periodic_job("webhook_purge", every=timedelta(hours=6))
def webhook_purge(now) -> dict:
    """Delete finished deliveries older than KEEP_FINISHED (in batches; idempotent)."""
    deleted = 0
    while True:
        batch = list(Delivery.objects.filter(
            status__in=[DeliveryStatus.SUCCEEDED, DeliveryStatus.GAVE_UP],
            created_at__lt=now - KEEP_FINISHED,
        ).values_list("pk", flat=True)[:PURGE_BATCH])
        if not batch:
            return {"deleted": deleted}
        # A replay points at its original with SET_NULL, so either may go first.
        deleted += Delivery.objects.filter(pk__in=batch).delete()[1].get(
            Delivery._meta.label, 0)
