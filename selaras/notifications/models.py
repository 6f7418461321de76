"""Notifications: one in-app row per recipient and event, and its deliveries on other channels.

The in-app ``Notification`` is the record (the inbox); each extra channel the user chose
for that kind of event gets a ``Delivery`` row that the worker sends and retries with
back-off. Rows are written only by ``services.py`` and ``delivery.py``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CASE_ASSIGNED = "case_assigned", _("A case arrives at my office")
    CASE_LEVEL3 = "case_level3", _("Level-3 alert (Awas)")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder")
    AUTO_ESCALATED = "auto_escalated", _("Case escalated automatically")
    TASK_ASSIGNED = "task_assigned", _("A task is assigned to me")
    DIGEST = "digest", _("Daily digest")
    WEBHOOK_DISABLED = "webhook_disabled", _("A webhook subscription of mine was disabled")
    RISK_ALERT = "risk_alert", _("Early-warning risk alert for my area")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


# What a user gets when they have not chosen: email for everything, and WhatsApp too
# for a level-3 alert (minutes matter). In-app is always on and is not a choice.
DEFAULT_CHANNELS: dict[str, list[str]] = {
    Kind.CASE_ASSIGNED: [Channel.EMAIL],
    Kind.CASE_LEVEL3: [Channel.EMAIL, Channel.WHATSAPP],
    Kind.DEADLINE_REMINDER: [Channel.EMAIL],
    Kind.AUTO_ESCALATED: [Channel.EMAIL],
    Kind.TASK_ASSIGNED: [Channel.EMAIL],
    Kind.DIGEST: [Channel.EMAIL],
    Kind.WEBHOOK_DISABLED: [Channel.EMAIL],
    Kind.RISK_ALERT: [Channel.EMAIL, Channel.WHATSAPP],
}


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("message"), max_length=10000, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The event's identity: notify() with a key the user already has creates nothing.
    dedupe_key = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="unique_user_dedupe_key")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notif_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One notification on one outside channel; retried with back-off until sent or given up.

    ``next_attempt_at`` is when it may be tried next (null: never again). A sender
    pushes it forward before sending (a lease), so two workers never send it twice.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="unique_notification_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"


class NotificationPreference(models.Model):
    """The outside channels a user wants for one kind of event (empty: in-app only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channels = models.JSONField(_("channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_user_kind_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.kind}: {', '.join(self.channels) or '-'}"
