"""Early warning (deteksi dini): indicators, situation reports, external signals,
the settings of the score, district risk (current and weekly), and risk alerts."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .scoring import CONFLICT, PEACE, Params


class IndicatorKind(models.TextChoices):
    CONFLICT = CONFLICT, _("Conflict indicator")
    PEACE = PEACE, _("Peace indicator")


class Indicator(models.Model):
    """One item of the situation-report checklist (seeded by a data migration)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    default_weight = models.FloatField(_("default weight"))
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["kind", "position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class RatingValue(models.IntegerChoices):
    NONE = 0, _("0 — not seen")
    LOW = 1, _("1 — some signs")
    MEDIUM = 2, _("2 — clear signs")
    HIGH = 3, _("3 — strong or widespread")


class ReportKind(models.TextChoices):
    PERIODIC = "periodic", _("Weekly report")
    AD_HOC = "ad_hoc", _("Ad hoc report (something happened)")


class SituationReport(models.Model):
    """A counsellor's or KUA's picture of one district (laporan situasi)."""

    district = models.ForeignKey("regions.Region", verbose_name=_("district"),
                                 on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of report"), max_length=10, choices=ReportKind.choices,
                            default=ReportKind.PERIODIC)
    # The Monday of the week the report describes (periodic and ad hoc alike).
    week = models.DateField(_("week"), db_index=True)
    observed_at = models.DateTimeField(_("observed at"))
    note = models.TextField(_("general note"), max_length=5000, blank=True)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        ordering = ["-observed_at", "-id"]
        indexes = [models.Index(fields=["district", "-observed_at"])]

    def __str__(self) -> str:
        return f"{self.district_id} · {self.week:%Y-%m-%d} · #{self.pk}"


class ReportRating(models.Model):
    report = models.ForeignKey(SituationReport, on_delete=models.CASCADE,
                               related_name="ratings")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=RatingValue.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"],
                                               name="unique_rating_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.rating}"


class ReportEvidence(models.Model):
    """An optional file with a situation report (photo, letter), checked and stored like a
    case attachment (``selaras.evidence``: type detection, private storage, download only)."""

    report = models.OneToOneField(SituationReport, on_delete=models.CASCADE,
                                  related_name="evidence")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    content_type = models.CharField(max_length=100)
    detected_type = models.CharField(max_length=20)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        return self.original_name


class ExternalSignal(models.Model):
    """An alert from another early-warning system (e.g. PKUB's Si-Rukun)."""

    source = models.SlugField(_("source system"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=100)
    district = models.ForeignKey("regions.Region", verbose_name=_("district"),
                                 on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=RatingValue.choices)
    observed_at = models.DateTimeField(_("observed at"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        verbose_name = _("external signal")
        verbose_name_plural = _("external signals")
        ordering = ["-observed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"],
                                               name="unique_external_signal")]
        indexes = [models.Index(fields=["district", "-observed_at"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


def default_case_weights() -> dict:
    return {"1": 3.0, "2": 6.0, "3": 10.0}


class RiskSettings(models.Model):
    """The score's settings: one row (pk=1), edited by Pusat on the calibration page."""

    # Indicator code → weight; an indicator not listed uses its default weight.
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    half_life_days = models.FloatField(_("half-life (days)"), default=14.0)
    window_days = models.PositiveIntegerField(_("look-back window (days)"), default=90)
    # Alert level ("1".."3") → points per open case.
    case_weights = models.JSONField(_("open case weights"), default=default_case_weights)
    threshold_1 = models.FloatField(_("threshold for Waspada"), default=10.0)
    threshold_2 = models.FloatField(_("threshold for Siaga"), default=20.0)
    threshold_3 = models.FloatField(_("threshold for Awas"), default=35.0)
    auto_open_case = models.BooleanField(_("open a case automatically"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")

    def __str__(self) -> str:
        return "risk settings"

    @classmethod
    def current(cls) -> "RiskSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    def params(self, indicators=None) -> Params:
        indicators = list(indicators if indicators is not None
                          else Indicator.objects.filter(is_active=True))
        weights = {i.code: float(self.weights.get(i.code, i.default_weight)) for i in indicators}
        return Params(
            weights=weights,
            kinds={i.code: i.kind for i in indicators},
            half_life_days=float(self.half_life_days),
            window_days=int(self.window_days),
            case_weights={int(k): float(v) for k, v in (self.case_weights or {}).items()},
            thresholds=(float(self.threshold_1), float(self.threshold_2),
                        float(self.threshold_3)),
        )


class DistrictRisk(models.Model):
    """The latest computed score of a district (what the map and the alerts read)."""

    district = models.OneToOneField("regions.Region", primary_key=True,
                                    on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0.0)
    level = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.district_id}: {self.score:.1f} (L{self.level})"


class RiskSnapshot(models.Model):
    """One district's score for one week (the last computation of that week wins)."""

    district = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # Monday
    score = models.FloatField()
    level = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["week"]
        constraints = [models.UniqueConstraint(fields=["district", "week"],
                                               name="unique_snapshot_per_week")]
        indexes = [models.Index(fields=["week", "district"])]

    def __str__(self) -> str:
        return f"{self.district_id} {self.week}: {self.score:.1f}"


class RiskAlert(models.Model):
    """A district's score crossed a threshold upwards."""

    district = models.ForeignKey("regions.Region", verbose_name=_("district"),
                                 on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"))
    previous_level = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(_("score"))
    raised_at = models.DateTimeField(_("raised at"))
    explanation = models.JSONField(default=dict)
    unit = models.ForeignKey("org.Unit", verbose_name=_("responsible office"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    reports = models.ManyToManyField(SituationReport, blank=True, related_name="alerts")
    signals = models.ManyToManyField(ExternalSignal, blank=True, related_name="alerts")
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("risk alert")
        verbose_name_plural = _("risk alerts")
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.district_id} L{self.level} @ {self.raised_at:%Y-%m-%d}"
