"""The one way in for writes to notifications.

``notify()`` is what every other app calls (case routing, deadlines, escalation,
tasks, digests). It writes the in-app notification for each recipient at once and
defers the other channels to the task worker with ``transaction.on_commit``: a
mail server or gateway that is down never blocks or rolls back the change that
caused the notification.
"""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError

from .models import (
    DEFAULT_CHANNELS,
    Channel,
    Delivery,
    DeliveryStatus,
    Kind,
    Notification,
    NotificationPreference,
)
from .quiet import is_silenced

logger = logging.getLogger(__name__)

MAX_SUBJECT = 250
MAX_BODY = 10000


def unit_recipients(unit, roles: Iterable[str] | None = None):
    """Active people (not service accounts) holding one of ``roles`` at ``unit``."""
    from selaras.org.models import Membership

    memberships = Membership.objects.filter(
        unit=unit, user__is_active=True, user__is_service_account=False
    )
    if roles:
        memberships = memberships.filter(role__in=list(roles))
    user_ids = memberships.values_list("user_id", flat=True)
    return get_user_model().objects.filter(pk__in=user_ids).order_by("pk")


def channels_for(user, kind: str) -> list[str]:
    """The outside channels this user wants for this kind of event and can receive on."""
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    chosen = preference.channels if preference is not None else DEFAULT_CHANNELS.get(kind, [])
    usable = []
    for channel in chosen:
        if channel == Channel.EMAIL and user.email:
            usable.append(channel)
        elif channel in (Channel.WHATSAPP, Channel.SMS) and user.phone:
            usable.append(channel)
    return usable


def notify(
    *,
    recipients=None,
    unit=None,
    roles: Iterable[str] | None = None,
    kind: str,
    case=None,
    subject: str,
    body: str,
    dedupe_key: str,
    url: str = "",
) -> list[Notification]:
    """Notify ``recipients`` and/or the active members of ``unit`` holding ``roles``.

    Creates one in-app notification per recipient, unless that recipient already has
    one with ``dedupe_key`` (so calling twice for the same event sends nothing twice),
    and queues a Delivery on each outside channel the recipient chose for ``kind``,
    sent after the surrounding transaction commits. Returns the notifications created
    now (already-notified recipients are left out); none inside ``quiet.silenced()``.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if not dedupe_key or len(dedupe_key) > 200:
        raise ValueError("dedupe_key must be 1-200 characters")
    if is_silenced():
        return []  # inside quiet.silenced() (an import): nobody is told
    subject = (subject or "").strip()[:MAX_SUBJECT]
    body = (body or "")[:MAX_BODY]
    if not url and case is not None:
        url = case_url(case)

    users = {}
    for user in recipients or []:
        users[user.pk] = user
    if unit is not None:
        for user in unit_recipients(unit, roles):
            users.setdefault(user.pk, user)
    if not users:
        return []

    already = set(
        Notification.objects.filter(user_id__in=users, dedupe_key=dedupe_key)
        .values_list("user_id", flat=True)
    )
    created: list[Notification] = []
    delivery_ids: list[int] = []
    now = timezone.now()
    for user_id, user in users.items():
        if user_id in already or not user.is_active:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, kind=kind, case=case, subject=subject, body=body, url=url,
                    dedupe_key=dedupe_key,
                )
                for channel in channels_for(user, kind):
                    delivery = Delivery.objects.create(
                        notification=notification, channel=channel,
                        status=DeliveryStatus.PENDING, next_attempt_at=now,
                    )
                    delivery_ids.append(delivery.pk)
        except IntegrityError:
            # A concurrent notify() for the same event won the race for this user.
            continue
        created.append(notification)

    if delivery_ids:
        # robust: the rows are stored; a failing queue must not turn the request into a 500
        # after its data was committed (a retry would then repeat it).
        transaction.on_commit(lambda: enqueue_deliveries(delivery_ids), robust=True)
    return created


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """Hand deliveries to the task worker; if even that fails, the retry job picks them up."""
    from .tasks import deliver_task

    for delivery_id in delivery_ids:
        try:
            deliver_task.enqueue(delivery_id)
        except Exception:  # noqa: BLE001 - a queue outage must not break the caller
            logger.exception("Could not enqueue delivery %s; the retry job will send it",
                             delivery_id)


def case_url(case) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("case-detail", args=[case.number])
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------- inbox


def mark_read(*, user, notification_id) -> Notification:
    """Mark one of the user's notifications read (404 for anyone else's)."""
    from django.http import Http404

    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise Http404(_("No such notification.")) from None
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404(_("No such notification."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def set_preferences(*, user, choices: dict[str, list[str]]) -> None:
    """Store the user's channels per kind: ``{kind: [channel, ...]}`` for every kind given."""
    errors = {}
    cleaned = {}
    for kind, channels in choices.items():
        if kind not in Kind.values:
            errors[kind] = [_("Unknown kind of notification.")]
            continue
        bad = [c for c in channels if c not in Channel.values]
        if bad:
            errors[kind] = [_("Unknown channel(s): %(c)s.") % {"c": ", ".join(map(str, bad))}]
            continue
        cleaned[kind] = sorted(set(channels), key=Channel.values.index)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for kind, channels in cleaned.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channels": channels}
            )
