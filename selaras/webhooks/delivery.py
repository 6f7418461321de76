"""Sending one webhook delivery over HTTP, with retries, back-off and disabling.

``deliver()`` never raises for a receiver's failure: it records the attempt on the
Delivery (``attempts``, ``last_status_code``, ``last_response``, ``next_attempt_at``)
and leaves the retry to ``jobs.webhook_retries``. The n-th failed attempt waits
1 min × 2**(n-1) (1, 2, 4, … minutes, capped at 6 hours); after ``WEBHOOK_MAX_ATTEMPTS``
the delivery is given up. ``WEBHOOK_DISABLE_AFTER`` failed attempts in a row across a
subscription's deliveries disable it and tell its owner; any success resets the count.

A worker claims a delivery by moving its ``next_attempt_at`` forward with a conditional
UPDATE; a second worker (or the retry job) holding the same row finds it changed and
does nothing, so a delivery is never sent twice at the same time.
"""

import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation

from . import addresses, signing
from .models import Delivery, DeliveryStatus, Subscription

logger = logging.getLogger(__name__)

USER_AGENT = "Selaras-Webhooks/1"
BACKOFF_BASE = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
EXCERPT = 300  # characters of the receiver's answer kept in the log
READ_LIMIT = 4096  # bytes of the answer read at most


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def disable_after() -> int:
    return int(getattr(settings, "WEBHOOK_DISABLE_AFTER", 20))


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def lease() -> timedelta:
    """How long a claimed delivery is held before another worker may try it."""
    return timedelta(seconds=timeout_seconds() + 60)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is an answer that is not 2xx: it fails (and the body is never re-sent
    # to an address the subscription did not name).
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)
# Without a proxy: the address actually connected to is checked before anything is sent.
_direct_opener = urllib.request.build_opener(
    _NoRedirects, urllib.request.ProxyHandler({}),
    addresses.GuardedHTTPHandler, addresses.GuardedHTTPSHandler)


def post(url: str, body: bytes, headers: dict) -> tuple[int, str]:
    """POST and return (HTTP status, start of the answer); raises OSError if unreachable."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    opener = _opener
    if not addresses.private_targets_allowed() and not addresses.uses_proxy(url):
        opener = _direct_opener
    try:
        with opener.open(request, timeout=timeout_seconds()) as response:
            return response.status, _excerpt(response.read(READ_LIMIT))
    except urllib.error.HTTPError as exc:
        try:
            text = _excerpt(exc.read(READ_LIMIT))
        except Exception:  # noqa: BLE001 - the status alone is enough
            text = ""
        finally:
            exc.close()
        return exc.code, text


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")[:EXCERPT]


def headers_for(delivery: Delivery, body: bytes, timestamp: int | None = None) -> dict:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Selaras-Event": delivery.event.type,
        "X-Selaras-Delivery": str(delivery.pk),
        signing.HEADER: signing.sign(delivery.subscription.secret, body, timestamp),
    }


def deliver(delivery_id) -> str:
    """Try one delivery if it is due; returns its status afterwards ("" if unknown)."""
    from .services import _owner_sees

    now = timezone.now()
    delivery = Delivery.objects.select_related("subscription", "subscription__owner",
                                               "event", "event__case").filter(
        pk=delivery_id).first()
    if delivery is None:
        return ""
    if (delivery.status not in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
            or not delivery.subscription.active
            or delivery.next_attempt_at is None or delivery.next_attempt_at > now):
        return delivery.status
    claimed = Delivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + lease(), last_attempt_at=now)
    if not claimed:
        return delivery.status
    delivery.attempts += 1
    delivery.last_attempt_at = now
    subscription = delivery.subscription

    case = delivery.event.case
    if case is not None and not _owner_sees(subscription.owner, case):
        # The owner lost access since the event: nothing about the case leaves any more.
        delivery.status = DeliveryStatus.GAVE_UP
        delivery.next_attempt_at = None
        delivery.last_status_code = None
        delivery.last_response = "Not sent: the subscription's owner may no longer view the case."
        delivery.save(update_fields=["status", "next_attempt_at", "last_status_code",
                                     "last_response", "updated_at"])
        return delivery.status

    body = delivery.body.encode("utf-8")
    try:
        # Public addresses only (SSRF guard), checked again now: DNS answers change.
        addresses.check_before_sending(subscription.url)
        code, text = post(subscription.url, body, headers_for(delivery, body, int(time.time())))
    except Exception as exc:  # noqa: BLE001 - any network failure is retried, never raised
        code, text = None, f"{type(exc).__name__}: {_reason(exc)}"[:EXCERPT]
    delivery.last_status_code = code
    delivery.last_response = text
    if code is not None and 200 <= code < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        Subscription.objects.filter(pk=subscription.pk).exclude(
            consecutive_failures=0).update(consecutive_failures=0)
    else:
        logger.info("Webhook delivery %s attempt %s to %s failed: %s %s", delivery.pk,
                    delivery.attempts, subscription.url, code, text[:100])
        if delivery.attempts >= max_attempts():
            delivery.status = DeliveryStatus.GAVE_UP
            delivery.next_attempt_at = None
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
    delivery.save(update_fields=["status", "next_attempt_at", "last_status_code",
                                 "last_response", "delivered_at", "updated_at"])
    if delivery.status != DeliveryStatus.SUCCEEDED:
        _count_failure(subscription)
    return delivery.status


def _reason(exc: Exception) -> str:
    if isinstance(exc, urllib.error.URLError) and exc.reason:
        return str(exc.reason)
    return str(exc) or "no answer"


def _count_failure(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1)
    failures = Subscription.objects.filter(pk=subscription.pk).values_list(
        "consecutive_failures", flat=True).first()
    if failures is None or failures < disable_after():
        return
    now = timezone.now()
    with translation.override("id"):
        from django.utils.translation import gettext as _

        reason = _("%(n)d delivery attempts in a row failed.") % {"n": failures}
    # Only the worker that flips the flag tells the owner.
    if Subscription.objects.filter(pk=subscription.pk, active=True).update(
            active=False, disabled_at=now, disabled_reason=reason):
        subscription.refresh_from_db()
        from .services import audit

        audit("disabled", actor=None, subscription=subscription, failures=failures,
              automatic=True)
        _tell_owner(subscription)


def _tell_owner(subscription: Subscription) -> None:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from selaras.notifications.models import Kind
    from selaras.notifications.services import notify

    recipients = [subscription.owner]
    if subscription.created_by_id and subscription.created_by_id != subscription.owner_id:
        recipients.append(subscription.created_by)
    with translation.override("id"):
        subject = _("Webhook '%(name)s' was disabled") % {"name": subscription.name}
        body = "\n".join([
            _("Deliveries to %(url)s kept failing, so Selaras stopped sending them.") % {
                "url": subscription.url},
            _("Reason: %(reason)s") % {"reason": subscription.disabled_reason},
            _("Fix the receiver, then enable the subscription again; failed deliveries can "
              "be replayed from the delivery log."),
        ])
    try:
        notify(recipients=recipients, kind=Kind.WEBHOOK_DISABLED, subject=subject, body=body,
               url=reverse("webhook-detail", args=[subscription.pk]),
               dedupe_key=f"webhook_disabled:{subscription.pk}:"
                          f"{int(subscription.disabled_at.timestamp())}")
    except Exception:  # noqa: BLE001 - the subscription stays disabled either way
        logger.exception("Could not notify the owner of disabled webhook %s", subscription.pk)
