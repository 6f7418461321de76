"""What an officer does on a case: impacts, actions, tasks, agreements, referrals.

All rows belong to one case and are written only by ``services.py``; reads go
through the case (fetched with ``Case.objects.restrict``) or ``selectors.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Impact(models.Model):
    """The human and material toll of a case; one row per case, counts feed analytics.

    Counts default to 0 (nothing known is recorded as none); the damage estimate
    is empty when unknown, which is not the same as zero.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="impact"
    )
    dead = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    displaced = models.PositiveIntegerField(_("displaced"), default=0)
    children_involved = models.PositiveIntegerField(_("children involved"), default=0)
    property_damaged_kind = models.CharField(
        _("property damaged"), max_length=300, blank=True,
        help_text=_("What was damaged, e.g. a house of worship, homes, vehicles."),
    )
    property_damage_estimate = models.PositiveBigIntegerField(
        _("estimated damage (IDR)"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("impact")
        verbose_name_plural = _("impacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(dead__gte=0, injured__gte=0, displaced__gte=0,
                            children_involved__gte=0),
                name="impact_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(property_damage_estimate__isnull=True)
                | Q(property_damage_estimate__gte=0),
                name="impact_estimate_not_negative",
            ),
        ]

    IMPACT_FIELDS = ("dead", "injured", "displaced", "children_involved",
                     "property_damaged_kind", "property_damage_estimate")

    def __str__(self) -> str:
        return f"{self.dead}/{self.injured}/{self.displaced}"

    @property
    def has_casualties(self) -> bool:
        return bool(self.dead or self.injured)


class ActionType(models.TextChoices):
    DIALOG = "dialog", _("Dialogue")
    MEDIASI = "mediasi", _("Mediation")
    KOORDINASI_FKUB = "koordinasi_fkub", _("Coordination with FKUB")
    KOORDINASI_FORKOPIMDA = "koordinasi_forkopimda", _("Coordination with Forkopimda")
    KOORDINASI_POLRI = "koordinasi_polri", _("Coordination with the police (Polri)")
    KOORDINASI_PEMDA = "koordinasi_pemda", _("Coordination with the local government (Pemda)")
    PEMBINAAN = "pembinaan", _("Guidance (pembinaan)")
    KUNJUNGAN_PEMANTAUAN = "kunjungan_pemantauan", _("Monitoring visit")
    LAINNYA = "lainnya", _("Other")


class HandlingAction(models.Model):
    """One entry of the handling log: what was done, when, where, with whom, and to what end."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="handling_actions",
    )
    type = models.CharField(_("type of action"), max_length=30, choices=ActionType.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participant_parties = models.ManyToManyField(
        "parties.Party", verbose_name=_("participating parties"), blank=True,
        related_name="handling_actions",
    )
    officials = models.TextField(
        _("officials present"), max_length=2000, blank=True,
        help_text=_("Officials and others not in the party registry, one per line."),
    )
    outcome = models.TextField(_("outcome"), max_length=5000)
    next_step = models.TextField(_("next step"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handling action")
        verbose_name_plural = _("handling actions")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date:%Y-%m-%d}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """Something someone must do on a case by a date; assigned to one user or one office."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("details"), max_length=2000, blank=True)
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to (person)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tasks",
    )
    assignee_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("assigned to (office)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="tasks",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["assignee_user", "status", "due_date"]),
            models.Index(fields=["assignee_unit", "status", "due_date"]),
            models.Index(fields=["case", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(assignee_user__isnull=False) & Q(assignee_unit__isnull=True))
                | (Q(assignee_user__isnull=True) & Q(assignee_unit__isnull=False)),
                name="task_exactly_one_assignee",
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False) | ~Q(status="done"),
                name="task_done_has_done_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_date < timezone.localdate()


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    KEPT = "kept", _("Kept")
    BREACHED = "breached", _("Breached")


class Agreement(models.Model):
    """A written agreement (kesepakatan) between parties, with dates to check it is kept."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="agreements"
    )
    parties = models.ManyToManyField(
        "parties.Party", verbose_name=_("parties to the agreement"), related_name="agreements"
    )
    terms = models.TextField(_("terms"), max_length=10000)
    signed_on = models.DateField(_("signed on"))
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices,
        default=AgreementStatus.ACTIVE,
    )
    status_note = models.TextField(
        _("status note"), max_length=2000, blank=True,
        help_text=_("Why the agreement is considered kept or breached."),
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["signed_on", "id"]

    def __str__(self) -> str:
        return f"{_('Agreement')} {self.signed_on:%Y-%m-%d}"


class AgreementFollowUp(models.Model):
    """A date on which someone checks that the agreement holds (a row, so reminders can query)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField(_("follow-up date"), db_index=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agreement follow-up")
        verbose_name_plural = _("agreement follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "due_on"], name="unique_agreement_follow_up_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d}"


class Agency(models.TextChoices):
    POLRI = "polri", _("Police (Polri)")
    PEMDA = "pemda", _("Local government (Pemda)")
    FKUB = "fkub", _("Interfaith harmony forum (FKUB)")
    KEJAKSAAN = "kejaksaan", _("Public prosecutor (Kejaksaan)")
    PENGADILAN_AGAMA = "pengadilan_agama", _("Religious court (Pengadilan Agama)")
    LAINNYA = "lainnya", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# A referral only moves forward through these.
REFERRAL_ORDER = [ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ANSWERED,
                  ReferralStatus.CLOSED]


class Referral(models.Model):
    """A case (or part of it) handed to an outside agency, and what came back."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    agency = models.CharField(_("agency"), max_length=30, choices=Agency.choices)
    agency_name = models.CharField(
        _("agency name"), max_length=200, blank=True,
        help_text=_("Which office exactly, e.g. Polres Kota Bandung; required for 'Other'."),
    )
    referred_on = models.DateField(_("date referred"))
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    summary = models.TextField(_("what was referred"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    response = models.TextField(_("response"), max_length=5000, blank=True)
    responded_on = models.DateField(_("response date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["referred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} {self.referred_on:%Y-%m-%d}"
