"""SOP playbooks: the handling protocol for a conflict category, in ordered steps.

A ``Playbook`` (per category, optionally per alert level) has numbered
``PlaybookVersion``s; only Pusat edits them (``access.may_edit``). A version is a
draft while it is edited, then published (the previous published version is
retired). A case keeps the version it started with: ``CasePlaybook`` points at a
version, never at the playbook, and a published or retired version is never
edited again (a change means a new draft).

Each step of the attached version becomes a ``CaseStepProgress`` row and a
handling ``Task`` with a due date computed from the step's anchor event plus its
offset. Everything here is written only by ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import AlertLevel
from selaras.evidence.models import AttachmentKind
from selaras.org.models import Role, UnitLevel


class Playbook(models.Model):
    category = models.ForeignKey(
        "cases.Category", verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="playbooks",
    )
    alert_level = models.PositiveSmallIntegerField(
        _("alert level"), choices=AlertLevel.choices, null=True, blank=True,
        help_text=_("Leave empty for a playbook that applies at every alert level."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # Seeded playbooks carry a stable key so seeding again updates nothing twice.
    seed_key = models.CharField(max_length=60, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        ordering = ["category__position", "category_id", "alert_level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=Q(alert_level__isnull=True),
                name="playbook_one_general_per_category",
            ),
            models.UniqueConstraint(
                fields=["category", "alert_level"], condition=Q(alert_level__isnull=False),
                name="playbook_one_per_category_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class PlaybookVersion(models.Model):
    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(_("what changed"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("playbook version")
        verbose_name_plural = _("playbook versions")
        ordering = ["playbook_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "number"],
                                    name="playbook_version_number_unique"),
            models.UniqueConstraint(fields=["playbook"], condition=Q(status="published"),
                                    name="playbook_one_published_version"),
            models.UniqueConstraint(fields=["playbook"], condition=Q(status="draft"),
                                    name="playbook_one_draft_version"),
        ]

    def __str__(self) -> str:
        return f"{self.playbook} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Anchor(models.TextChoices):
    VERIFIED = "verified", _("verification")
    REPORTED = "reported", _("the report")
    HANDLING_STARTED = "handling_started", _("the start of handling")


class PlaybookStep(models.Model):
    version = models.ForeignKey(PlaybookVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("step"), max_length=200)
    guidance = models.TextField(
        _("guidance"), max_length=5000,
        help_text=_("What to do and how, in Indonesian, for an officer doing it the first time."),
    )
    responsible_level = models.PositiveSmallIntegerField(
        _("responsible level"), choices=UnitLevel.choices
    )
    responsible_role = models.CharField(
        _("responsible role"), max_length=20, choices=Role.choices, default=Role.PENANGAN
    )
    anchor = models.CharField(
        _("deadline counted from"), max_length=20, choices=Anchor.choices,
        default=Anchor.VERIFIED,
    )
    offset_hours = models.PositiveIntegerField(
        _("deadline (hours)"), default=72,
        help_text=_("Hours after the anchor event, e.g. 72 for 3×24 hours."),
    )
    evidence_expected = models.CharField(
        _("evidence expected"), max_length=500, blank=True,
        help_text=_("E.g. minutes of the deliberation signed by the parties."),
    )
    evidence_kind = models.CharField(
        _("kind of attachment expected"), max_length=20, choices=AttachmentKind.choices,
        blank=True,
    )
    legal_regulation = models.CharField(_("regulation"), max_length=300, blank=True)
    legal_article = models.CharField(_("article"), max_length=200, blank=True)
    legal_text = models.TextField(_("what the article says"), max_length=5000, blank=True)
    legal_verified = models.BooleanField(
        _("citation checked"), default=False,
        help_text=_("Tick only when the article was checked against the published text."),
    )

    class Meta:
        verbose_name = _("playbook step")
        verbose_name_plural = _("playbook steps")
        ordering = ["version_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def has_legal_basis(self) -> bool:
        return bool(self.legal_regulation)

    @property
    def deadline_label(self) -> str:
        from django.utils.translation import gettext as _g

        return _g("within %(hours)d hours of %(anchor)s") % {
            "hours": self.offset_hours, "anchor": self.get_anchor_display()}


class AttachHow(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatically on verification")
    CHOSEN = "chosen", _("Chosen by an officer")


class CasePlaybook(models.Model):
    """The playbook version a case follows. A replaced one stays, detached, for the record."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="playbooks")
    version = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT,
                                related_name="case_playbooks")
    attached_at = models.DateTimeField(_("attached at"), auto_now_add=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    how = models.CharField(_("how"), max_length=20, choices=AttachHow.choices)
    detached_at = models.DateTimeField(null=True, blank=True)
    detached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    detach_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("case playbook")
        verbose_name_plural = _("case playbooks")
        ordering = ["attached_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(detached_at__isnull=True),
                                    name="case_one_current_playbook"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.version}"


class StepStatus(models.TextChoices):
    PENDING = "pending", _("To do")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class CaseStepProgress(models.Model):
    case_playbook = models.ForeignKey(CasePlaybook, on_delete=models.CASCADE,
                                      related_name="progress")
    step = models.ForeignKey(PlaybookStep, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.PENDING
    )
    task = models.OneToOneField(
        "handling.Task", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="playbook_step",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        "evidence.Attachment", verbose_name=_("evidence"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("playbook step progress")
        verbose_name_plural = _("playbook step progress")
        ordering = ["case_playbook_id", "step__position", "step_id"]
        constraints = [
            models.UniqueConstraint(fields=["case_playbook", "step"],
                                    name="case_step_progress_unique"),
            models.CheckConstraint(
                condition=~Q(status="skipped") | ~Q(skip_reason=""),
                name="skipped_step_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} ({self.status})"
