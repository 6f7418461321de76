from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.core.fields import EncryptedTextField, KeyedHashField
from selaras.core.querysets import RestrictedQuerySet


class Status(models.TextChoices):
    DILAPORKAN = "dilaporkan", _("Reported")
    TERVERIFIKASI = "terverifikasi", _("Verified")
    DITANGANI = "ditangani", _("In handling")
    SELESAI = "selesai", _("Resolved")
    PEMANTAUAN = "pemantauan", _("Monitoring")
    DITUTUP = "ditutup", _("Closed")
    DITOLAK = "ditolak", _("Rejected")


OPEN_STATUSES = (Status.DILAPORKAN, Status.TERVERIFIKASI, Status.DITANGANI, Status.PEMANTAUAN)


class AlertLevel(models.IntegerChoices):
    WASPADA = 1, _("Level 1 — Waspada (alert)")
    SIAGA = 2, _("Level 2 — Siaga (standby)")
    AWAS = 3, _("Level 3 — Awas (danger)")


class LegalStage(models.TextChoices):
    PENCEGAHAN = "pencegahan", _("Prevention")
    PENGHENTIAN = "penghentian", _("Stopping the conflict")
    PEMULIHAN = "pemulihan", _("Post-conflict recovery")


class ConflictScope(models.TextChoices):
    INTER = "antar", _("Inter-religious")
    INTRA = "intra", _("Intra-religious")


class OccurredPrecision(models.TextChoices):
    EXACT = "exact", _("Exact time")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class SourceChannel(models.TextChoices):
    LANGSUNG = "langsung", _("In person")
    TELEPON = "telepon", _("Telephone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SURAT = "surat", _("Letter")
    MEDIA = "media", _("Media / social media")
    PENYULUH = "penyuluh", _("Religious counsellor")
    SI_PAHAM = "si_paham", _("Si Paham chatbot")
    SI_RUKUN = "si_rukun", _("Si-Rukun early warning")
    API = "api", _("Other system (API)")
    LAINNYA = "lainnya", _("Other")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Protestant Christianity")
    KATOLIK = "katolik", _("Catholicism")
    HINDU = "hindu", _("Hinduism")
    BUDDHA = "buddha", _("Buddhism")
    KHONGHUCU = "khonghucu", _("Confucianism")
    KEPERCAYAAN = "kepercayaan", _("Indigenous belief (kepercayaan)")
    LAINNYA = "lainnya", _("Other")


class Outcome(models.TextChoices):
    DAMAI = "damai", _("Agreement reached")
    MEREDA = "mereda", _("Subsided without agreement")
    DIRUJUK_HUKUM = "dirujuk_hukum", _("Handed to law enforcement")
    TIDAK_TERBUKTI = "tidak_terbukti", _("Not substantiated")
    LAINNYA = "lainnya", _("Other")


class RejectReason(models.TextChoices):
    BUKAN_KSBK = "bukan_ksbk", _("Not a religious social conflict")
    HOAKS = "hoaks", _("Hoax / false report")
    DUPLIKAT = "duplikat", _("Duplicate of another case")
    LAINNYA = "lainnya", _("Other")


class CaseQuerySet(RestrictedQuerySet):
    # A cheaper way to count exactly this queryset's rows (selectors.case_list sets it).
    # Kept by order_by/select_related, which do not change the rows; dropped by every
    # other clone (a filter would make it wrong).
    _counter = None

    def with_list_related(self):
        return self.select_related("category", "handling_unit", "location")

    def restrict(self, user, action: str = "view", *, scope=None):
        """``restrict`` as everywhere; a caller that already holds
        ``access.view_scope(user)`` may pass it to save its query (view only)."""
        if scope is None or action != "view":
            return super().restrict(user, action)
        if scope is True:
            return self.all()
        return self.filter(scope.q())

    def with_counter(self, counter):
        clone = self._chain()
        clone._counter = counter
        return clone

    def order_by(self, *fields, **kwargs):
        clone = super().order_by(*fields, **kwargs)
        clone._counter = self._counter
        return clone

    def select_related(self, *fields):
        clone = super().select_related(*fields)
        clone._counter = self._counter
        return clone

    def count(self):
        if self._counter is not None and self._result_cache is None:
            return self._counter()
        return super().count()

    def count_capped(self) -> bool:
        """Whether ``count()`` stopped at a cap (selectors.CappedCount) — there are more."""
        return bool(getattr(self._counter, "exceeded", False))


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    chronology = models.TextField(_("chronology"), max_length=20000)
    category = models.ForeignKey(
        "cases.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    subcategory = models.ForeignKey(
        "cases.Category",
        verbose_name=_("sub-category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField(
        _("inter/intra-religious"), max_length=10, choices=ConflictScope.choices, blank=True
    )
    religions = models.JSONField(_("religions involved"), default=list, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    occurred_precision = models.CharField(
        _("precision of occurred at"),
        max_length=10,
        choices=OccurredPrecision.choices,
        default=OccurredPrecision.DAY,
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    location = models.ForeignKey(
        "regions.Region", verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised from location for scoped queries with plain equality indexes.
    province_code = models.CharField(max_length=2, editable=False)
    regency_code = models.CharField(max_length=4, editable=False)
    district_code = models.CharField(max_length=6, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    alert_level = models.PositiveSmallIntegerField(_("alert level"), choices=AlertLevel.choices)
    legal_stage = models.CharField(
        _("legal stage"), max_length=20, choices=LegalStage.choices, default=LegalStage.PENCEGAHAN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DILAPORKAN
    )
    handling_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases"
    )
    source_channel = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices,
        default=SourceChannel.LANGSUNG,
    )
    # Personal data, encrypted at rest (selaras.core.fields); the hash serves exact-match
    # search (e.g. "other cases from this contact") without decrypting.
    reporter_name = EncryptedTextField(_("reporter name"), blank=True)
    reporter_contact = EncryptedTextField(_("reporter contact"), blank=True)
    reporter_contact_hash = KeyedHashField(source="reporter_contact", normalise="contact")
    confidential = models.BooleanField(_("confidential"), default=False)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Deadline of the step the case waits for (see cases/deadlines.py); set by services.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # Bumped by every service write; the basis for ETags and lost-update checks.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["province_code", "-reported_at"]),
            models.Index(fields=["regency_code", "-reported_at"]),
            models.Index(fields=["district_code", "-reported_at"]),
            models.Index(fields=["handling_unit", "status"]),
            models.Index(fields=["handling_unit", "due_at"]),
            models.Index(fields=["status", "-reported_at"]),
            models.Index(fields=["-reported_at", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def set_location(self, region) -> None:
        self.location = region
        code = region.code
        self.province_code = code[:2]
        self.regency_code = code[:4]
        self.district_code = code[:6]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.due_at is not None and self.due_at < timezone.now()


class CaseAccess(models.Model):
    """A named member allowed to see a confidential case beyond the unit hierarchy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_access"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="unique_case_access")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.case_id}"


class CaseNumberSequence(models.Model):
    """Per (regency, year) counter behind human-readable case numbers."""

    regency_code = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regency_code", "year"], name="unique_case_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.regency_code}/{self.year}: {self.last_value}"
