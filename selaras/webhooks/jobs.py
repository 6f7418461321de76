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
