"""UU 27/2022 (PDP) registers: data-subject requests, breaches, anonymised cases.

Both registers run on the law's 3×24-hour clock: a controller answers a data
subject's request, and notifies the subjects and the authority of a breach, within
72 hours (``RESPONSE_HOURS``). The deadline is stored, so lists can sort by it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RESPONSE_HOURS = 3 * 24


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (a copy of the data)")
    RECTIFICATION = "rectification", _("Rectification")
    ERASURE = "erasure", _("Erasure")
    RESTRICTION = "restriction", _("Restriction of processing")
    OBJECTION = "objection", _("Objection / withdrawal of consent")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Answered")
    REFUSED = "refused", _("Refused (with reasons)")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class DataSubjectRequest(models.Model):
    kind = models.CharField(_("kind of request"), max_length=20, choices=RequestKind.choices)
    subject_name = models.CharField(_("data subject"), max_length=200)
    subject_contact = models.CharField(_("contact of the data subject"), max_length=200,
                                       blank=True)
    description = models.TextField(_("what is asked"), max_length=5000)
    case_numbers = models.CharField(
        _("case numbers concerned"), max_length=500, blank=True,
        help_text=_("Comma-separated, if the request concerns known cases."),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    outcome_note = models.TextField(_("outcome"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.due_at = self.received_at + timedelta(hours=RESPONSE_HOURS)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    CLOSED = "closed", _("Closed")


class BreachRecord(models.Model):
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    notify_due_at = models.DateTimeField(_("notification due"), editable=False)
    description = models.TextField(_("what happened"), max_length=10000)
    data_affected = models.TextField(_("personal data affected"), max_length=5000)
    subjects_affected = models.TextField(_("data subjects affected"), max_length=5000,
                                         blank=True)
    subjects_count = models.PositiveIntegerField(_("number of subjects (estimate)"), null=True,
                                                 blank=True)
    subjects_notified_at = models.DateTimeField(_("subjects notified at"), null=True,
                                                blank=True)
    authority_notified_at = models.DateTimeField(_("authority notified at"), null=True,
                                                 blank=True)
    measures = models.TextField(_("measures taken"), max_length=10000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BreachStatus.choices,
                              default=BreachStatus.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.detected_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.notify_due_at = self.detected_at + timedelta(hours=RESPONSE_HOURS)
        super().save(*args, **kwargs)

    @property
    def notification_pending(self) -> bool:
        return self.subjects_notified_at is None or self.authority_notified_at is None


class AnonymisedCase(models.Model):
    """A closed case whose personal data was removed by the retention schedule (once)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE,
                                related_name="anonymisation")
    anonymised_at = models.DateTimeField(default=timezone.now)
    fields = models.JSONField(default=list)
    parties = models.JSONField(default=list)

    class Meta:
        verbose_name = _("anonymised case")
        verbose_name_plural = _("anonymised cases")

    def __str__(self) -> str:
        return f"{self.case_id} @ {self.anonymised_at:%Y-%m-%d}"
