"""The office tree (units), the areas each unit covers, and memberships with roles.

Pusat → Kanwil (province) → Kankemenag (regency/city) → KUA (district). A unit's
code is the region code of its area, ``pusat`` for the directorate. The regions a
unit covers are an editable many-to-many (a KUA may cover several districts), so
the tree of offices never has to mirror the tree of regions exactly.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.IntegerChoices):
    PUSAT = 0, _("Directorate (Pusat)")
    PROVINSI = 1, _("Provincial office (Kanwil)")
    KABKOTA = 2, _("Regency/city office (Kankemenag)")
    KECAMATAN = 3, _("Sub-district office (KUA)")


class Role(models.TextChoices):
    PELAPOR = "pelapor", _("Reporter (pelapor)")
    PENANGAN = "penangan", _("Case handler (penangan)")
    KEPALA = "kepala", _("Head (kepala)")
    ANALIS = "analis", _("Analyst (analis)")
    ADMIN = "admin", _("Administrator (admin)")
    AUDITOR = "auditor", _("Auditor")


PUSAT_CODE = "pusat"


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: "Unit"):
        """The unit and all its descendants."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of codes, e.g. "/pusat/32/3273/": a subtree is a prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    areas = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("areas covered"),
        related_name="units",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self._check_parent()
        old_path = self.path
        self.path = self.compute_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moving a unit moves its subtree: rewrite descendants' paths.
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = self.path + child.path[len(old_path):]
                    super(Unit, child).save(update_fields=["path"])

    def clean(self):
        super().clean()
        self._check_parent()

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def _check_parent(self) -> None:
        if self.pk is None or not self.parent_id:
            return
        parent = self.parent
        if parent.pk == self.pk or (self.path and parent.path.startswith(self.path)):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or one of its own units.")}
            )

    def is_ancestor_of(self, other: "Unit") -> bool:
        return other.path.startswith(self.path) and other.pk != self.pk

    def is_descendant_of(self, other: "Unit") -> bool:
        return other.is_ancestor_of(self)

    def ancestors(self):
        """Ancestor units, nearest first."""
        codes = [c for c in self.path.strip("/").split("/")][:-1]
        by_code = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        return [by_code[c] for c in reversed(codes) if c in by_code]

    @property
    def is_pusat(self) -> bool:
        return self.level == UnitLevel.PUSAT


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"
