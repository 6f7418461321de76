"""Idempotency records: the first answer to a POST sent with an ``Idempotency-Key``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """One key of one user. Inserted *before* the request runs (``in_progress``), so a
    concurrent request with the same key hits the unique constraint instead of running
    a second time; completed with the response once the handler has answered."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the raw body")
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(default=b"", blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} {self.method} {self.path} ({self.state})"


class SourceSystem(models.TextChoices):
    """Systems that send reports through ``POST /api/v1/intake`` (see docs/api.md)."""

    SI_PAHAM = "si_paham", _("Si Paham WhatsApp chatbot")
    SI_RUKUN = "si_rukun", _("Si-Rukun early-warning system (PKUB)")
    PENYULUH_APP = "penyuluh_app", _("Religious counsellors' app")
    SIMPENAIS = "simpenais", _("SIMPENAIS (Penais)")
    BINA_KUA = "bina_kua", _("Bina KUA")
    PUSDATIN = "pusdatin", _("Pusdatin")
    OTHER = "other", _("Other system")


class ExternalReference(models.Model):
    """A case's identity in the system that reported it: (source system, its reference).

    Unique per pair, so the same report sent twice (a retry, a re-sync) creates one
    case: the unique constraint decides even when two requests race."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="external_refs",
    )
    source_system = models.CharField(_("source system"), max_length=30,
                                     choices=SourceSystem.choices)
    external_ref = models.CharField(_("external reference"), max_length=100)
    extra = models.JSONField(_("extra data from the source system"), default=dict, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source_system", "external_ref"],
                                    name="external_ref_unique_per_system"),
        ]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.external_ref}"
