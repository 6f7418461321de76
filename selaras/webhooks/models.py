"""Webhook subscriptions of other systems, the events sent to them and each delivery.

* ``Subscription``: who receives what where, signed with a secret only Selaras and
  the receiver know. A subscription that keeps failing is disabled (``disabled_at``).
* ``WebhookEvent``: one outgoing event (``case.verified`` for one CaseEvent, a ping);
  its uuid is the ``id`` every receiver sees, so a receiver can drop duplicates.
* ``Delivery``: one event to one subscription, with the body built for that
  subscription's owner (their scoping and masking), its attempts and outcome. A
  replay is a new Delivery of the same event (``replay_of``), with the same body.

Rows are written only by ``services.py`` and ``delivery.py``.
"""

import json
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selaras.core.fields import EncryptedTextField

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class Subscription(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        help_text=_("Deliveries show the cases this user may see, as this user sees them."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("target URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Needed in clear to sign each delivery (so encrypted, not hashed); shown to people
    # once (create, rotate).
    secret = EncryptedTextField(default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["active"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"


class WebhookEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("event type"), max_length=40)
    occurred_at = models.DateTimeField(_("occurred at"))
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    # The timeline entry it comes from (none for a ping).
    case_event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [
            # Dispatching the same timeline entry twice creates nothing twice.
            models.UniqueConstraint(fields=["case_event", "type"], name="webhook_event_once",
                                    condition=Q(case_event__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Given up")


class Delivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        Subscription, verbose_name=_("subscription"), on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        WebhookEvent, verbose_name=_("event"), on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The JSON body exactly as sent and signed, built for this subscription's owner.
    # Encrypted at rest: it can carry a reporter's identity.
    body = EncryptedTextField(_("body"))
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays",
    )
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    # The start of the receiver's answer, or what went wrong (timeout, refused, …).
    last_response = models.CharField(_("response or error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["subscription", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhook_delivery_once",
                                    condition=Q(replay_of__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id} ({self.status})"

    @property
    def payload(self) -> dict:
        return json.loads(self.body)
