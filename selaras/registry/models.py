"""Typed references from a case to records in other ministry registries.

A case about a mosque's management points at the mosque in SIMAS, a waqf land
dispute at the land in SIWAK, an interfaith-marriage case at the marriage in
SIMKAH, a conflict at a pesantren at the pesantren in EMIS. The id formats are
in ``formats.py`` (assumptions, one table).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formats import MAX_EXTERNAL_ID, Registry


class RegistryLink(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="registry_links",
    )
    registry = models.CharField(_("registry"), max_length=10, choices=Registry.choices)
    external_id = models.CharField(_("id in the registry"), max_length=MAX_EXTERNAL_ID)
    label = models.CharField(_("label"), max_length=200, blank=True,
                             help_text=_("What the record is, e.g. the mosque's name."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registry link")
        verbose_name_plural = _("registry links")
        ordering = ["registry", "external_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "registry", "external_id"], name="unique_registry_link"
            )
        ]
        indexes = [models.Index(fields=["registry", "external_id"])]

    def __str__(self) -> str:
        return f"{self.get_registry_display()} {self.external_id}"
