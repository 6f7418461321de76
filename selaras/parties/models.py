"""The party registry: people, groups/ormas, institutions and houses of worship.

A party is recorded once and linked to many cases, with a role per case
(``CaseParty``). Who may see a party is decided in ``access.py``.
"""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from selaras.cases.models import Religion
from selaras.core.fields import EncryptedTextField, KeyedHashField
from selaras.core.querysets import RestrictedQuerySet

NIK_RE = re.compile(r"^\d{16}$")
# SIMAS mosque ids (simas.kemenag.go.id) are dotted groups of digits, e.g.
# "01.2.12.01.01.000123". The exact grouping is not published, so only the shape
# is checked: digits, optionally separated by single dots. See decision 0010.
SIMAS_ID_RE = re.compile(r"^\d+(\.\d+)*$")


class PartyKind(models.TextChoices):
    PERORANGAN = "perorangan", _("Person")
    KELOMPOK = "kelompok", _("Group / community organisation (ormas)")
    LEMBAGA = "lembaga", _("Institution")
    RUMAH_IBADAH = "rumah_ibadah", _("House of worship")


class PartyRole(models.TextChoices):
    PELAPOR = "pelapor", _("Reporter")
    PENGADU = "pengadu", _("Complainant")
    TERADU = "teradu", _("Reported party")
    KORBAN = "korban", _("Victim")
    TERDUGA_PELAKU = "terduga_pelaku", _("Alleged perpetrator")
    MEDIATOR = "mediator", _("Mediator")
    PIHAK_TERKAIT = "pihak_terkait", _("Related party")


def normalise_name(name: str) -> str:
    """Fold a name for duplicate hints: no accents, no punctuation, one space, lower case.

    "Masjid  Al-Ikhlas" and "masjid al ikhlas" fold to the same key.
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = re.sub(r"[\W_]+", " ", letters.casefold())
    return " ".join(cleaned.split())


class PartyQuerySet(RestrictedQuerySet):
    pass


class Party(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_normalised = models.CharField(max_length=200, editable=False, db_index=True)
    religion = models.CharField(
        _("religion"), max_length=20, choices=Religion.choices, blank=True
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True,
        help_text=_("Denomination, stream or organisation, e.g. NU, Muhammadiyah, GKI."),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised from region: the duplicate hint compares districts.
    district_code = models.CharField(max_length=6, editable=False)
    # A person's address is personal data: encrypted at rest (all kinds, for one rule).
    address = EncryptedTextField(_("address"), blank=True)
    simas_id = models.CharField(_("SIMAS mosque id"), max_length=40, blank=True)
    # Personal identifier (Nomor Induk Kependudukan), encrypted at rest; ``nik_hash``
    # (keyed HMAC of the digits) finds a party by NIK (decision 0010, docs/security.md).
    nik = EncryptedTextField(_("NIK"), blank=True)
    nik_hash = KeyedHashField(source="nik", normalise="digits")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
        on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name_normalised", "id"]
        indexes = [
            models.Index(fields=["district_code", "name_normalised"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(simas_id="") | models.Q(kind="rumah_ibadah"),
                name="party_simas_id_only_for_houses_of_worship",
            ),
            models.CheckConstraint(
                condition=models.Q(nik="") | models.Q(kind="perorangan"),
                name="party_nik_only_for_persons",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_normalised = normalise_name(self.name)[:200]
        if self.region_id:
            self.district_code = self.region_id[:6]
        super().save(*args, **kwargs)


class CaseParty(models.Model):
    """A party's role in one case. The same party may hold several roles in a case."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE,
        related_name="party_links",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="case_links"
    )
    role = models.CharField(_("role in the case"), max_length=20, choices=PartyRole.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("party in a case")
        verbose_name_plural = _("parties in cases")
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "role"], name="unique_case_party_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.get_role_display()}"
