"""The tamper-evident audit trail: an append-only, hash-chained log.

Each row's ``hash`` is SHA-256 over a canonical JSON of its content plus the
previous row's hash (``prev_hash``), so editing, deleting or reordering a row
breaks the chain from that row on (``manage.py verify_audit``). Appends are
serialised through the single ``AuditHead`` row (see services.append).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    CASE_EVENT = "case_event", _("Case event")
    SECURITY = "security", _("Security event")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    # No database constraint: audit rows outlive users and must never be updated
    # (SET_NULL would be an UPDATE, which the PostgreSQL trigger refuses).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    # The user the event is about (login, membership change); used for scoping.
    subject_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AuditKind.choices)
    action = models.CharField(_("action"), max_length=50)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}:{self.action}"


class AuditHead(models.Model):
    """A single row (pk=1) holding the chain head; locked FOR UPDATE by every append."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
