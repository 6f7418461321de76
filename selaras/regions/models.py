"""Administrative regions (wilayah) with the official Kemendagri codes.

Codes are hierarchical by construction: a province has 2 digits (``31``), a
regency/city 4 (``3171``), a district 6 (``317101``) and a village 10
(``3171011001``); every code starts with its parent's code. The office tree
(``selaras.org``) is kept separate, because offices can merge or cover several
districts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


CODE_LENGTH_BY_LEVEL = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.REGENCY: 4,
    RegionLevel.DISTRICT: 6,
    RegionLevel.VILLAGE: 10,
}
LEVEL_BY_CODE_LENGTH = {length: level for level, length in CODE_LENGTH_BY_LEVEL.items()}


def level_of_code(code: str) -> RegionLevel | None:
    """The level a code of this shape belongs to, or None for a malformed code."""
    if not code.isdigit():
        return None
    return LEVEL_BY_CODE_LENGTH.get(len(code))


class Region(models.Model):
    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def regency_code(self) -> str | None:
        return self.code[:4] if self.level >= RegionLevel.REGENCY else None

    @property
    def district_code(self) -> str | None:
        return self.code[:6] if self.level >= RegionLevel.DISTRICT else None

    def ancestor_codes(self) -> list[str]:
        """Codes of this region and its ancestors, province first."""
        lengths = [2, 4, 6, 10]
        return [self.code[:n] for n in lengths if n <= len(self.code)]
