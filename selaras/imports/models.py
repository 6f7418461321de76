"""Import batches, the legacy references they brought in, and counsellors (penyuluh).

An ``ImportBatch`` is one uploaded file: who, when, its name and SHA-256, what the
dry run or the commit found (counts and every row error). The upload itself is kept
on the batch until it is committed, so "Commit" re-reads exactly the file that was
checked (never a second upload).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CASES = "cases", _("Legacy cases")
    UNITS = "units", _("Units (offices)")
    USERS = "users", _("Users and memberships")
    COUNSELLORS = "counsellors", _("Religious counsellors (penyuluh)")


class BatchStatus(models.TextChoices):
    VALID = "valid", _("Checked, ready to commit")
    INVALID = "invalid", _("Checked, has errors")
    COMMITTED = "committed", _("Committed")
    FAILED = "failed", _("Commit refused (nothing written)")


class ImportBatch(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=BatchStatus.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # The upload, kept until it is committed (then cleared: the data now lives in the
    # records it created).
    content = models.BinaryField(default=b"", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("committed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    create_count = models.PositiveIntegerField(_("created"), default=0)
    update_count = models.PositiveIntegerField(_("updated"), default=0)
    skip_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # [{"row": 3, "column": "Judul", "message": "..."}]; row/column None for file errors.
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def is_dry_run(self) -> bool:
        return self.status in (BatchStatus.VALID, BatchStatus.INVALID)

    @property
    def can_commit(self) -> bool:
        return self.status == BatchStatus.VALID


class ImportedCase(models.Model):
    """A legacy reference brought in once: the idempotency key of the case import."""

    reference = models.CharField(_("legacy reference"), max_length=100)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="legacy_import"
    )
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported case")
        verbose_name_plural = _("imported cases")
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="unique_legacy_reference")
        ]

    def __str__(self) -> str:
        return f"{self.reference} → {self.case_id}"



class Counsellor(models.Model):
    """A religious counsellor (penyuluh agama) of an office, and the districts served."""

    name = models.CharField(_("name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="counsellors"
    )
    districts = models.ManyToManyField(
        "regions.Region", verbose_name=_("districts served"), blank=True, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("religious counsellor")
        verbose_name_plural = _("religious counsellors")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["nip"], condition=~Q(nip=""),
                                    name="unique_counsellor_nip"),
            models.UniqueConstraint(fields=["unit", "name"], condition=Q(nip=""),
                                    name="unique_counsellor_name_without_nip"),
        ]

    def __str__(self) -> str:
        return self.name
