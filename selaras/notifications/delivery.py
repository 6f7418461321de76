"""Sending one Delivery on its channel, with retries and back-off.

``deliver()`` never raises for a channel failure: it records the attempt on the
Delivery row (``attempts``, ``last_error``, ``next_attempt_at``) and leaves the retry
to ``jobs.retry_failed_deliveries``. The n-th failed attempt waits
``NOTIFY_RETRY_BASE_SECONDS * 2**(n-1)`` (capped at 6 hours); after
``NOTIFY_MAX_ATTEMPTS`` it is given up (status ``failed``, no next attempt).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .gateways import get_gateway
from .models import Channel, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

# Time a sender holds a delivery before another worker may try it (covers slow SMTP).
LEASE = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
# Recipients read Indonesian; the worker renders in it whatever language is active.
RECIPIENT_LANGUAGE = "id"


def backoff(attempts: int) -> timedelta:
    base = timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS)
    return min(base * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def deliver(delivery_id: int) -> str:
    """Try one delivery if it is due; returns its status afterwards ("" if unknown)."""
    now = timezone.now()
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return ""
    if (delivery.status == DeliveryStatus.SENT or delivery.next_attempt_at is None
            or delivery.next_attempt_at > now):
        return delivery.status
    # Claim it: only the worker that moves the lease forward sends.
    claimed = Delivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at
    ).exclude(status=DeliveryStatus.SENT).update(
        attempts=F("attempts") + 1, next_attempt_at=now + LEASE
    )
    if not claimed:
        return delivery.status
    delivery.refresh_from_db()
    notification = delivery.notification
    try:
        send_on_channel(delivery.channel, notification)
    except Exception as exc:  # noqa: BLE001 - any channel failure is retried, never raised
        logger.warning("Delivery %s (%s) attempt %s failed: %s", delivery.pk, delivery.channel,
                       delivery.attempts, exc)
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.next_attempt_at = None
        delivery.last_error = ""
    delivery.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at"])
    return delivery.status


def send_on_channel(channel: str, notification) -> None:
    user = notification.user
    if getattr(settings, "TRAINING_MODE", False):
        # Training instance (selaras.guide): nothing leaves the server, only the log.
        logger.info("[training mode, not sent] %s to user %s: %s", channel, user.pk,
                    notification.subject)
        return
    if channel == Channel.EMAIL:
        if not user.email:
            raise ValueError("The recipient has no email address")
        subject, body = render_email(notification)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    elif channel in (Channel.WHATSAPP, Channel.SMS):
        if not user.phone:
            raise ValueError("The recipient has no phone number")
        get_gateway().send(phone=user.phone, message=render_short(notification),
                           channel=channel)
    else:
        raise ValueError(f"Unknown channel {channel!r}")


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def _context(notification) -> dict:
    return {
        "notification": notification,
        "user": notification.user,
        "link": absolute_url(notification.url),
        "preferences_link": absolute_url("/notifikasi/pengaturan/"),
        "site_name": settings.SITE_NAME,
    }


def render_email(notification) -> tuple[str, str]:
    """Subject and plain-text body from templates/notifications/email/, in Indonesian."""
    with translation.override(RECIPIENT_LANGUAGE):
        context = _context(notification)
        subject = render_to_string("notifications/email/subject.txt", context)
        body = render_to_string(
            [f"notifications/email/{notification.kind}.txt", "notifications/email/body.txt"],
            context,
        )
    # A subject is one line.
    return " ".join(subject.split()), body


def render_short(notification) -> str:
    """The WhatsApp/SMS text: subject and link (SMS stays short)."""
    with translation.override(RECIPIENT_LANGUAGE):
        text = render_to_string("notifications/short.txt", _context(notification))
    return text.strip()
