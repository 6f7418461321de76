"""Attachments (evidence) of a case: minutes, photos, documents, audio.

The file itself lives in the ``attachments`` storage under a generated name
(``stored_name``); the name the uploader gave is kept for display only. Type and
size are what the content is (``validation.py``), not what the name claims.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import validation


class AttachmentKind(models.TextChoices):
    NOTULEN = "notulen", _("Minutes")
    FOTO = "foto", _("Photo")
    DOKUMEN = "dokumen", _("Document")
    AUDIO = "audio", _("Audio recording")
    LAINNYA = "lainnya", _("Other")


class Attachment(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField(_("file name"), max_length=validation.MAX_NAME_LENGTH)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    # Key of validation.ALLOWED_TYPES: what the content was detected to be.
    detected_type = models.CharField(max_length=20, editable=False)
    size = models.PositiveBigIntegerField(_("size"), editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False, db_index=True)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
        on_delete=models.PROTECT, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["case", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def file_type(self) -> validation.FileType | None:
        return validation.ALLOWED_TYPES.get(self.detected_type)

    @property
    def download_name(self) -> str:
        file_type = self.file_type
        return file_type.download_name(self.original_name) if file_type else self.original_name
