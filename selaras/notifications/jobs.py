"""Periodic jobs for the scheduler (``manage.py run_periodic_jobs`` calls them every pass).

Both are idempotent: running a pass twice sends nothing twice.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .delivery import RECIPIENT_LANGUAGE, deliver
from .models import Delivery, DeliveryStatus, Kind, Notification
from .services import notify

logger = logging.getLogger(__name__)

DIGEST_MAX_ITEMS = 10


def retry_failed_deliveries(*, limit: int = 500) -> int:
    """Send the deliveries whose (next) attempt is due; returns how many were tried."""
    now = timezone.now()
    due = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
            next_attempt_at__lte=now,
        ).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        deliver(delivery_id)
    return len(due)


def send_daily_digests() -> int:
    """Once per local day (from ``NOTIFY_DIGEST_HOUR``), tell each person what waits on them.

    What waits: open cases in their queue and their overdue open tasks. Nobody with
    nothing waiting gets a digest. Returns how many digests were created.
    """
    now = timezone.localtime()
    if now.hour < settings.NOTIFY_DIGEST_HOUR:
        return 0
    today = now.date()
    dedupe_key = f"digest:{today.isoformat()}"
    done = Notification.objects.filter(dedupe_key=dedupe_key).values_list("user_id", flat=True)
    users = (
        get_user_model().objects.filter(is_active=True, is_service_account=False,
                                        memberships__isnull=False)
        .exclude(pk__in=done).distinct().order_by("pk")
    )
    sent = 0
    for user in users.iterator(chunk_size=200):
        try:
            sent += _digest_for(user, today=today, dedupe_key=dedupe_key)
        except Exception:  # noqa: BLE001 - one user's broken data must not stop the others
            logger.exception("Daily digest for user %s failed", user.pk)
    return sent


def _digest_for(user, *, today, dedupe_key: str) -> int:
    from selaras.cases.selectors import my_queue
    from selaras.handling.models import TaskStatus
    from selaras.handling.selectors import my_tasks

    queue = my_queue(user)
    case_count = queue.count()
    cases = list(queue[:DIGEST_MAX_ITEMS])
    overdue = my_tasks(user, open_only=True).filter(due_date__lt=today,
                                                    status=TaskStatus.OPEN)
    task_count = overdue.count()
    tasks = list(overdue[:DIGEST_MAX_ITEMS])
    if not case_count and not task_count:
        return 0
    with translation.override(RECIPIENT_LANGUAGE):
        context = {"user": user, "cases": cases, "case_count": case_count, "tasks": tasks,
                   "task_count": task_count, "today": today, "now": timezone.now()}
        subject = " ".join(
            render_to_string("notifications/digest_subject.txt", context).split()
        )
        body = render_to_string("notifications/digest_body.txt", context).strip()
    return len(notify(recipients=[user], kind=Kind.DIGEST, subject=subject, body=body,
                      dedupe_key=dedupe_key, url="/"))
