"""Deadline policies, the state of overdue cases, and the heartbeat of periodic jobs."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel


class DeadlinePolicy(models.Model):
    """How long each step may take, per alert level and optionally per category.

    The most specific policy wins: (level, category) over (level). A policy with no
    category is the default of its level; one exists for every level (seeded by a
    migration, editable by Pusat at /pengaturan/tenggat/).
    """

    alert_level = models.PositiveSmallIntegerField(_("alert level"), choices=AlertLevel.choices)
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the default of this level."),
    )
    verify_hours = models.PositiveIntegerField(
        _("verify within (hours)"),
        validators=[MinValueValidator(1), MaxValueValidator(24 * 365)],
    )
    first_action_hours = models.PositiveIntegerField(
        _("first handling action within (hours)"),
        validators=[MinValueValidator(1), MaxValueValidator(24 * 365)],
    )
    resolve_days = models.PositiveIntegerField(
        _("resolve within (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        ordering = ["alert_level", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert_level"], condition=Q(category__isnull=True),
                name="deadline_policy_one_default_per_level",
            ),
            models.UniqueConstraint(
                fields=["alert_level", "category"], name="deadline_policy_one_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_level} {self.category_id or '*'}"


class OverdueCase(models.Model):
    """What the automation has done about one missed deadline of one case.

    One row per (case, step, deadline): a pass reminds once, escalates once, and a
    second pass over the same missed deadline finds the row and does nothing again.
    A new deadline (the case moved on, or the level changed) is a new row.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set once the handling unit has been told (retried on the next pass until it is).
    reminder_notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_notified_at = models.DateTimeField(null=True, blank=True)
    # Why the case was not escalated (e.g. Pusat handles it: there is no office above).
    escalation_skipped = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "status", "due_at"],
                                    name="overdue_case_once_per_deadline"),
        ]
        indexes = [models.Index(fields=["escalated_at", "reminded_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status} {self.due_at:%Y-%m-%d %H:%M}"


class JobHeartbeat(models.Model):
    """The last pass of one periodic job: for health checks and for the scheduler."""

    name = models.CharField(max_length=100, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(default=False)
    last_summary = models.JSONField(default=dict, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("job heartbeat")
        verbose_name_plural = _("job heartbeats")

    def __str__(self) -> str:
        return self.name
