from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationKind(models.TextChoices):
    RELATED = "related", _("Related case")


class CaseRelation(models.Model):
    """Two cases that belong together (same actors, same place, one conflict flaring up again).

    The link has no direction: it is stored once, with the lower primary key as
    ``from_case`` (the check constraint), so a link cannot point at its own case
    and cannot be recorded twice, in either direction. Written only by
    ``selaras.cases.relations``.
    """

    from_case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="relations_from"
    )
    to_case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="relations_to"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=RelationKind.choices, default=RelationKind.RELATED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case relation")
        verbose_name_plural = _("case relations")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_case__lt=models.F("to_case")),
                name="case_relation_stored_once_never_to_itself",
            ),
            models.UniqueConstraint(
                fields=["from_case", "to_case", "kind"], name="unique_case_relation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} ↔ {self.to_case_id} ({self.kind})"

    def other(self, case_or_pk) -> int:
        """The primary key of the case at the other end, seen from ``case_or_pk``."""
        pk = getattr(case_or_pk, "pk", case_or_pk)
        return self.to_case_id if pk == self.from_case_id else self.from_case_id
