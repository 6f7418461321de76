"""The one way in for early-warning writes and computations.

* ``create_report`` / ``record_signal``: situation reports and external signals.
* ``gather`` + ``scoring.score_district``: the data of districts as of a moment.
* ``recompute``: what the periodic job runs — current score per district, the
  week's snapshot, and an alert when a district crosses a threshold upwards.
* ``open_case_for_alert``: the alert's suggested case (by a user or automatically).
* ``save_settings`` / ``calibration_preview``: Pusat's calibration. ``settings_tag`` is
  the settings' entity tag (the API's ETag, the page's hidden field): a save that names
  the state it read (``expected_tag``) is refused with ``StaleSettings`` when someone
  else saved in between, so nobody silently overwrites another's calibration.
"""

import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from selaras.cases.models import Case
from selaras.cases.models.case import OPEN_STATUSES, SourceChannel
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError, collector
from selaras.regions.models import Region, RegionLevel

from . import access, scoring
from .models import (
    DistrictRisk,
    ExternalSignal,
    Indicator,
    ReportEvidence,
    ReportKind,
    ReportRating,
    RiskAlert,
    RiskSettings,
    RiskSnapshot,
    SituationReport,
)

logger = logging.getLogger(__name__)

MAX_NOTE = 5000
MAX_RATING_NOTE = 500
MAX_SIGNAL_NOTE = 2000
MAX_AGE_DAYS = 366

# The category suggested for a case, by the alert's strongest conflict indicator that
# points at one; otherwise "lainnya" (the office corrects it on the form).
CATEGORY_BY_INDICATOR = {
    "penolakan": "rumah_ibadah",
    "ujaran_kebencian": "ujaran_kebencian",
}
DEFAULT_CATEGORY = "lainnya"


# --------------------------------------------------------------------------- helpers


def week_of(moment) -> date:
    """The Monday (local time) of the week ``moment`` falls in."""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def week_end(monday: date) -> datetime:
    """The last moment of the week starting on ``monday`` (local time)."""
    return timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min)) \
        - timedelta(microseconds=1)


def resolve_district(code, *, field: str = "district") -> Region:
    code = str(code or "").strip().replace(".", "")
    if "\x00" in code:
        raise ValidationError({field: _("Contains a character that is not allowed.")})
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        raise ValidationError({field: _("Unknown region code '%(code)s'.") % {"code": code}})
    if region.level != RegionLevel.DISTRICT:
        raise ValidationError({field: _("Give a district (kecamatan) code of 6 digits.")})
    return region


def resolve_area(code, *, field: str = "region") -> Region:
    """A province, regency or district (the levels scores exist for)."""
    code = str(code or "").strip().replace(".", "")
    if "\x00" in code:
        raise ValidationError({field: _("Contains a character that is not allowed.")})
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        raise ValidationError({field: _("Unknown region code '%(code)s'.") % {"code": code}})
    if region.level > RegionLevel.DISTRICT:
        raise ValidationError(
            {field: _("Scores exist for provinces, regencies and districts, not villages.")})
    return region


def _text(value, *, field: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Must be text.")})
    value = value.strip()
    if "\x00" in value:
        raise ValidationError({field: _("Contains a character that is not allowed.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(max)d characters (this has %(n)d).") % {
            "max": max_length, "n": len(value)}})
    return value


def _rating(value, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({field: _("Give a rating from 0 to 3.")})
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({field: _("Give a rating from 0 to 3.")}) from None
    if not 0 <= number <= 3:
        raise ValidationError({field: _("Give a rating from 0 to 3.")})
    return number


def _moment(value, *, field: str, now: datetime) -> datetime:
    if value in (None, ""):
        return now
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise ValidationError({field: _("Use a date and time like 2026-03-01T14:30:00+07:00.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + timedelta(minutes=5):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if value < now - timedelta(days=MAX_AGE_DAYS):
        raise ValidationError({field: _("The date is more than a year ago.")})
    return value


def active_indicators() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(is_active=True)}


# --------------------------------------------------------------------------- reports


def create_report(*, actor, district, ratings: dict, kind: str = ReportKind.PERIODIC,
                  note: str = "", observed_at=None, evidence=None) -> SituationReport:
    """File a situation report. ``ratings``: indicator code → rating or (rating, note).

    Indicators left out count as 0 (not seen). ``evidence``: an optional uploaded file,
    checked like a case attachment; nothing is stored unless everything is valid."""
    now = timezone.now()
    errors: dict[str, list] = {}

    check = collector(errors)

    region = check(resolve_district, district)
    if kind not in ReportKind.values:
        errors.setdefault("kind", []).append(
            _("'%(value)s' is not one of: %(choices)s.") % {
                "value": kind, "choices": ", ".join(ReportKind.values)})
    note = check(_text, note, field="note", max_length=MAX_NOTE)
    observed = check(_moment, observed_at, field="observed_at", now=now)
    indicators = active_indicators()
    clean: list[tuple[Indicator, int, str]] = []
    if not isinstance(ratings, dict):
        errors.setdefault("ratings", []).append(
            _("Must be an object: indicator code → rating."))
        ratings = {}
    for code, value in ratings.items():
        field = f"ratings.{code}"
        indicator = indicators.get(code)
        if indicator is None:
            errors.setdefault(field, []).append(
                _("Unknown indicator '%(code)s'.") % {"code": code})
            continue
        rating_note = ""
        if isinstance(value, list | tuple) and len(value) == 2:
            value, rating_note = value
        rating = check(_rating, value, field=field)
        rating_note = check(_text, rating_note, field=f"{field}.note",
                            max_length=MAX_RATING_NOTE)
        if rating is not None and rating_note is not None:
            clean.append((indicator, rating, rating_note))
    if errors:
        raise ValidationError(errors)
    if not access.may_report(actor, region.code):
        raise PermissionDenied(_("You may not file situation reports for this district."))
    checked = _check_evidence(evidence) if evidence is not None else None
    stored_name = None
    try:
        with transaction.atomic():
            report = SituationReport.objects.create(
                district=region, kind=kind, week=week_of(observed), observed_at=observed,
                note=note, reporter=actor)
            ReportRating.objects.bulk_create([
                ReportRating(report=report, indicator=indicator, rating=rating,
                             note=rating_note)
                for indicator, rating, rating_note in clean])
            if checked is not None:
                stored_name = _store_evidence(report, checked)
    except BaseException:
        if stored_name is not None:
            evidence_storage().delete(stored_name)
        raise
    finally:
        if checked is not None:
            checked["spool"].close()
    return report


def _check_evidence(uploaded_file) -> dict:
    """Name, size and content checked by the evidence app's rules (field ``evidence``)."""
    from selaras.evidence import services as evidence_services
    from selaras.evidence import validation

    try:
        name = validation.clean_filename(getattr(uploaded_file, "name", None))
        spool, size, sha256 = evidence_services._spool(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.message_dict.get(validation.FIELD,
                                                                exc.messages)}) from None
    try:
        file_type = validation.detect_type(spool, size)
    except ValidationError as exc:
        spool.close()
        raise ValidationError({"evidence": exc.message_dict.get(validation.FIELD,
                                                                exc.messages)}) from None
    return {"name": name, "spool": spool, "size": size, "sha256": sha256, "type": file_type}


def evidence_storage():
    """The attachments storage backend (local directory or S3), at a location of its own.

    Not the attachments location itself: the evidence app's orphan sweep deletes every
    file there that no case Attachment refers to."""
    import os

    from django.conf import settings
    from django.core.files.storage import FileSystemStorage
    from django.utils.module_loading import import_string

    config = settings.STORAGES["attachments"]
    backend = import_string(config["BACKEND"])
    options = dict(config.get("OPTIONS") or {})
    if issubclass(backend, FileSystemStorage):
        options["location"] = os.path.join(settings.MEDIA_ROOT, "deteksi-dini")
    else:
        options["location"] = "deteksi-dini"  # its own prefix in the same bucket
    return backend(**options)


def _store_evidence(report: SituationReport, checked: dict) -> str:
    import uuid

    from django.core.files import File

    from .models import ReportEvidence

    token = uuid.uuid4().hex
    wanted = f"{token[:2]}/{token}{checked['type'].extension}"
    checked["spool"].seek(0)
    storage = evidence_storage()
    stored_name = storage.save(wanted, File(checked["spool"], name=wanted))
    try:
        ReportEvidence.objects.create(
            report=report, original_name=checked["name"], stored_name=stored_name,
            content_type=checked["type"].mime_type, detected_type=checked["type"].key,
            size=checked["size"], sha256=checked["sha256"])
    except BaseException:
        storage.delete(stored_name)
        raise
    return stored_name


def record_signal(*, actor, source, external_id, district, indicator, rating,
                  observed_at=None, note: str = "") -> tuple[ExternalSignal, bool]:
    """Store an external system's signal once per (source, external id).

    Returns (signal, created); sending the same id again changes nothing."""
    now = timezone.now()
    errors: dict[str, list] = {}

    check = collector(errors)

    source = check(_text, source, field="source", max_length=40)
    if source is not None and (not source or not source.replace("_", "").replace("-", "")
                               .isalnum() or not source.isascii()):
        errors.setdefault("source", []).append(
            _("Give the source system as a short code, e.g. si_rukun."))
    source = (source or "").lower()
    external_id = check(_text, external_id, field="external_id", max_length=100)
    if external_id == "":
        errors.setdefault("external_id", []).append(_("This field is required."))
    region = check(resolve_district, district)
    found = Indicator.objects.filter(code=str(indicator or ""), is_active=True).first() \
        if isinstance(indicator, str) else None
    if found is None:
        errors.setdefault("indicator", []).append(
            _("Unknown indicator '%(code)s'.") % {"code": indicator})
    rating = check(_rating, rating, field="rating")
    observed = check(_moment, observed_at, field="observed_at", now=now)
    note = check(_text, note, field="note", max_length=MAX_SIGNAL_NOTE)
    if errors:
        raise ValidationError(errors)
    if not access.may_report(actor, region.code):
        raise PermissionDenied(_("You may not send signals for this district."))
    existing = ExternalSignal.objects.filter(source=source, external_id=external_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signal = ExternalSignal.objects.create(
                source=source, external_id=external_id, district=region, indicator=found,
                rating=rating, observed_at=observed, note=note, sent_by=actor)
    except IntegrityError:
        # A concurrent request with the same (source, external id) won.
        return ExternalSignal.objects.get(source=source, external_id=external_id), False
    return signal, True


# --------------------------------------------------------------------------- gathering


@dataclass
class DistrictData:
    observations: list
    cases: list


def _prefix_q(prefix: str | None, field: str) -> Q:
    return Q(**{f"{field}__startswith": prefix}) if prefix else Q()


def gather(as_of: datetime, window_days: int, *, prefix: str | None = None) -> dict:
    """district code → DistrictData as it stood at ``as_of``.

    Open cases "as of" a past moment: reported by then and not yet closed then
    (cases resolved without being closed count as open until they are closed).
    """
    since = as_of - timedelta(days=window_days)
    data: dict[str, DistrictData] = defaultdict(lambda: DistrictData([], []))
    ratings = (ReportRating.objects
               .filter(_prefix_q(prefix, "report__district__code"), rating__gt=0,
                       report__observed_at__gte=since, report__observed_at__lte=as_of)
               .values_list("report__district_id", "indicator__code", "rating",
                            "report__observed_at", "report_id"))
    for district, code, rating, observed, report_id in ratings:
        data[district].observations.append(scoring.Observation(
            indicator=code, rating=rating, observed_at=observed, source="report",
            ref=report_id))
    signals = (ExternalSignal.objects
               .filter(_prefix_q(prefix, "district__code"), rating__gt=0,
                       observed_at__gte=since, observed_at__lte=as_of)
               .values_list("district_id", "indicator__code", "rating", "observed_at",
                            "source", "pk"))
    for district, code, rating, observed, source, pk in signals:
        data[district].observations.append(scoring.Observation(
            indicator=code, rating=rating, observed_at=observed, source=source, ref=pk))
    for district, number, level, pk in _open_cases(as_of, prefix):
        data[district].cases.append(scoring.OpenCase(number=number, alert_level=level, ref=pk))
    return dict(data)


def _open_cases(as_of: datetime, prefix: str | None):
    from selaras.automation.system import system_user

    # An area's score counts every case located there, also the confidential ones
    # (explanations shown to a user mask the cases that user may not see). Cases
    # opened from an alert are left out: the reports behind them already count.
    from_alerts = RiskAlert.objects.filter(case__isnull=False).values("case_id")
    cases = (Case.objects.restrict(system_user(), "view")
             .filter(_prefix_q(prefix, "district_code"), reported_at__lte=as_of)
             .filter(Q(status__in=OPEN_STATUSES) | Q(closed_at__gt=as_of))
             .exclude(pk__in=from_alerts))
    return cases.order_by().values_list("district_code", "number", "alert_level", "pk")


def score_area(region: Region, params: scoring.Params, as_of: datetime) -> dict:
    """Scores of every district with data under ``region`` (code → Score)."""
    data = gather(as_of, params.window_days, prefix=region.code)
    return {code: scoring.score_district(d.observations, d.cases, params, as_of)
            for code, d in data.items()}


# --------------------------------------------------------------------------- the job


def responsible_unit(district: Region, level: int):
    """The office that handles a case of this level there: KUA, Kankemenag, Kanwil."""
    from selaras.cases.services import default_handling_unit

    return default_handling_unit(district, max(1, min(3, level)))


def recompute(now: datetime | None = None) -> dict:
    """Current score of every district with data, this week's snapshot, and alerts.

    Idempotent: an alert is raised only when a district's level rises above the
    level stored by the previous run, and the new level is stored in the same
    transaction; running twice raises nothing twice."""
    now = now or timezone.now()
    risk_settings = RiskSettings.current()
    params = risk_settings.params()
    scores = {code: scoring.score_district(d.observations, d.cases, params, now)
              for code, d in gather(now, params.window_days).items()}
    # Districts with a stored score but no data any more fall back to 0.
    for code in DistrictRisk.objects.filter(Q(score__gt=0) | Q(level__gt=0)).values_list(
            "district_id", flat=True):
        scores.setdefault(code, scoring.Score(0.0, 0, 0.0, 0.0, 0.0, []))
    week = week_of(now)
    alerts = 0
    for code, score in sorted(scores.items()):
        with transaction.atomic():
            state = DistrictRisk.objects.select_for_update().filter(district_id=code).first()
            previous = state.level if state else 0
            if state is None:
                state = DistrictRisk(district_id=code)
            state.score, state.level, state.computed_at = score.score, score.level, now
            state.save()
            RiskSnapshot.objects.update_or_create(
                district_id=code, week=week,
                defaults={"score": score.score, "level": score.level, "computed_at": now})
            if score.level > previous:
                raise_alert(district=Region.objects.get(code=code), score=score,
                            previous_level=previous, now=now, risk_settings=risk_settings)
                alerts += 1
    return {"districts": len(scores), "alerts": alerts}


def backfill_snapshots(weeks: int, now: datetime | None = None) -> int:
    """Weekly snapshots of the past ``weeks`` weeks recomputed from the data (no alerts)."""
    now = now or timezone.now()
    params = RiskSettings.current().params()
    written = 0
    for back in range(weeks, 0, -1):
        monday = week_of(now) - timedelta(weeks=back)
        as_of = week_end(monday)
        for code, d in gather(as_of, params.window_days).items():
            score = scoring.score_district(d.observations, d.cases, params, as_of)
            RiskSnapshot.objects.update_or_create(
                district_id=code, week=monday,
                defaults={"score": score.score, "level": score.level, "computed_at": as_of})
            written += 1
    return written


def raise_alert(*, district: Region, score: scoring.Score, previous_level: int,
                now: datetime, risk_settings: RiskSettings) -> RiskAlert:
    from selaras.notifications.models import Kind
    from selaras.notifications.services import notify
    from selaras.org.models import Role

    unit = responsible_unit(district, score.level)
    alert = RiskAlert.objects.create(
        district=district, level=score.level, previous_level=previous_level,
        score=score.score, raised_at=now, explanation=score.as_dict(), unit=unit)
    alert.reports.set({c.ref for c in score.contributions if c.source == "report"})
    alert.signals.set({c.ref for c in score.contributions
                       if c.kind != "case" and c.source != "report"})
    if risk_settings.auto_open_case:
        _auto_open(alert)
    level_name = level_label(score.level)
    notify(
        unit=unit, roles=[Role.KEPALA, Role.PENANGAN], kind=Kind.RISK_ALERT, case=alert.case,
        subject=_("Early warning: %(district)s reached %(level)s (score %(score).1f)") % {
            "district": district.name, "level": level_name, "score": score.score},
        body=_("The risk score of district %(district)s rose from level %(before)d to "
               "%(after)d. Open the alert to see the reports behind it%(case)s.") % {
            "district": district.name, "before": previous_level, "after": score.level,
            "case": (_(" and case %(number)s") % {"number": alert.case.number})
            if alert.case else _(" and open a case")},
        dedupe_key=f"risk-alert:{alert.pk}",
        url=reverse("earlywarning-alert", args=[alert.pk]),
    )
    return alert


def _auto_open(alert: RiskAlert) -> None:
    from selaras.automation.system import system_user

    # One case per district's episode: a still-open case from an earlier alert of the
    # same district takes this alert too, instead of a second case.
    earlier = (RiskAlert.objects.filter(district=alert.district, case__isnull=False)
               .exclude(pk=alert.pk).select_related("case").order_by("-raised_at").first())
    if earlier and earlier.case.is_open:
        alert.case = earlier.case
        alert.save(update_fields=["case"])
        return
    suggestion = suggested_case(alert)
    try:
        with transaction.atomic():
            open_case_for_alert(actor=system_user(), alert=alert, **suggestion)
    except (ValidationError, PermissionDenied, ActionNotAllowed):
        # The alert and its notification stand; the office opens the case by hand.
        logger.warning("Could not open a case automatically for risk alert %s", alert.pk,
                       exc_info=True)


def level_label(level: int) -> str:
    return {0: _("no alert"), 1: _("Waspada"), 2: _("Siaga"), 3: _("Awas")}.get(level, "")


# --------------------------------------------------------------------------- alerts → cases


def suggested_case(alert: RiskAlert) -> dict:
    """Pre-filled fields of the case an alert suggests."""
    contributions = alert.explanation.get("contributions", [])
    conflict = [c for c in contributions if c["kind"] == scoring.CONFLICT]
    indicators = {i.code: i for i in Indicator.objects.all()}
    # The strongest conflict sign that points at a category (threats fit any category).
    top = next((c["indicator"] for c in conflict if c["indicator"] in CATEGORY_BY_INDICATOR),
               "")
    external = bool(conflict) and all(c["source"] != "report" for c in conflict)
    lines = [_("Early-warning alert: the risk score of %(district)s reached %(score).1f "
               "(level %(level)d, %(name)s).") % {
        "district": alert.district.name, "score": alert.score, "level": alert.level,
        "name": level_label(alert.level)}, "", _("Strongest signals:")]
    for c in conflict[:5]:
        indicator = indicators.get(c["indicator"])
        lines.append(_("- %(indicator)s: rating %(rating)d on %(date)s (%(source)s)") % {
            "indicator": indicator.label if indicator else c["indicator"],
            "rating": c["rating"], "date": (c["observed_at"] or "")[:10],
            "source": _("situation report #%(ref)s") % {"ref": c["ref"]}
            if c["source"] == "report" else f"{c['source']} {c['ref']}"})
    return {
        "title": _("Early warning: rising tension in %(district)s") % {
            "district": alert.district.name},
        "chronology": "\n".join(lines),
        "category": CATEGORY_BY_INDICATOR.get(top, DEFAULT_CATEGORY),
        "alert_level": alert.level,
        "source_channel": SourceChannel.SI_RUKUN if external else SourceChannel.PENYULUH,
    }


def open_case_for_alert(*, actor, alert: RiskAlert, title: str, chronology: str,
                        category: str, alert_level: int, source_channel: str) -> Case:
    """Register the case an alert suggests and link the alert to it."""
    from selaras.cases import services as case_services

    with transaction.atomic():
        locked = RiskAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.case_id:
            raise ActionNotAllowed(_("This alert already led to case %(number)s.") % {
                "number": locked.case.number})
        case = case_services.create_case(
            actor=actor, title=title, chronology=chronology, category=category,
            occurred_at=min(alert.raised_at, timezone.now()), location=alert.district_id,
            alert_level=alert_level, source_channel=source_channel)
        locked.case = case
        locked.save(update_fields=["case"])
    alert.case = case
    return case


# --------------------------------------------------------------------------- evidence


def open_report_evidence(user, pk) -> tuple[ReportEvidence, object]:
    """A situation report's evidence file and an open handle on it, for a download: the
    report must be visible to ``user`` (``selectors.get_report``), else Http404; a report
    without evidence is Http404 too."""
    from django.http import Http404

    from .selectors import get_report

    report = get_report(user, pk)
    evidence = ReportEvidence.objects.filter(report=report).first()
    if evidence is None:
        raise Http404(_("This report has no evidence."))
    return evidence, evidence_storage().open(evidence.stored_name, "rb")


# --------------------------------------------------------------------------- calibration


class StaleSettings(ActionNotAllowed):
    """``expected_tag`` named another state of the settings than the current one: someone
    else saved them since the caller read them (the API answers 412, the page shows the
    current values again). Nothing was changed."""

    def __init__(self, current: RiskSettings):
        super().__init__(_("Someone else changed these settings while you were editing; "
                           "review the current values and save again."))
        self.current = current


def _settings_values(obj: RiskSettings) -> dict:
    return {
        "weights": {str(k): float(v) for k, v in (obj.weights or {}).items()},
        "half_life_days": float(obj.half_life_days), "window_days": int(obj.window_days),
        "case_weights": {str(k): float(v) for k, v in (obj.case_weights or {}).items()},
        "thresholds": [float(obj.threshold_1), float(obj.threshold_2),
                       float(obj.threshold_3)],
        "auto_open_case": bool(obj.auto_open_case),
    }


def settings_tag(obj: RiskSettings) -> str:
    """The settings' entity tag (opaque, without quotes): a digest of the saved values and
    of when and by whom they were last saved, so every save changes it. Stable for the
    same row: read it from the database (``RiskSettings.current()``), not from an object
    just assigned in memory."""
    updated_at = obj.updated_at.isoformat() if obj.updated_at else ""
    content = json.dumps([_settings_values(obj), updated_at, obj.updated_by_id],
                         sort_keys=True, ensure_ascii=True)
    return "rs-" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]


def save_settings(*, actor, weights: dict, half_life_days, window_days, case_weights: dict,
                  thresholds, auto_open_case: bool,
                  expected_tag: str | None = None) -> RiskSettings:
    """Replace the settings. With ``expected_tag`` (``settings_tag`` of what the caller
    read), the row is locked and compared first: another state → ``StaleSettings`` and
    nothing is written. One security row in the audit chain records what changed."""
    from selaras.audit.services import security

    if not access.may_calibrate(actor):
        raise PermissionDenied(_("Only heads and admins at Pusat may change the risk score."))
    clean = validate_settings(weights=weights, half_life_days=half_life_days,
                              window_days=window_days, case_weights=case_weights,
                              thresholds=thresholds)
    if not isinstance(auto_open_case, bool):
        raise ValidationError({"auto_open_case": _("Must be true or false.")})
    RiskSettings.current()  # the row exists (pk=1) before it is locked
    with transaction.atomic():
        obj = RiskSettings.objects.select_for_update().get(pk=1)
        if expected_tag is not None and settings_tag(obj) != expected_tag:
            raise StaleSettings(obj)
        before = _settings_values(obj)
        obj.weights = clean["weights"]
        obj.half_life_days = clean["half_life_days"]
        obj.window_days = clean["window_days"]
        obj.case_weights = {str(k): v for k, v in clean["case_weights"].items()}
        obj.threshold_1, obj.threshold_2, obj.threshold_3 = clean["thresholds"]
        obj.auto_open_case = auto_open_case
        obj.updated_by = actor
        obj.save()
        after = _settings_values(obj)
        security("risk_settings_changed", actor=actor,
                 object_type="risk_settings", object_id=obj.pk,
                 data={"changed": {key: {"from": before[key], "to": after[key]}
                                   for key in after if before[key] != after[key]}})
    obj.refresh_from_db()
    return obj


def _number(value, *, field: str, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Must be a number.")}) from None
    if isinstance(value, bool) or number != number or not low <= number <= high:
        raise ValidationError({field: _("Must be between %(low)s and %(high)s.") % {
            "low": low, "high": high}})
    return number


def validate_settings(*, weights, half_life_days, window_days, case_weights, thresholds) -> dict:
    errors: dict[str, list] = {}

    check = collector(errors)

    indicators = active_indicators()
    clean_weights = {}
    for code, value in (weights or {}).items():
        if code not in indicators:
            errors.setdefault(f"weight_{code}", []).append(
                _("Unknown indicator '%(code)s'.") % {"code": code})
            continue
        clean_weights[code] = check(_number, value, field=f"weight_{code}", low=0, high=100)
    half_life = check(_number, half_life_days, field="half_life_days", low=0.5, high=365)
    window = check(_number, window_days, field="window_days", low=1, high=730)
    clean_cases = {}
    for level in (1, 2, 3):
        value = (case_weights or {}).get(level, (case_weights or {}).get(str(level)))
        clean_cases[level] = check(_number, value, field=f"case_weight_{level}", low=0,
                                   high=100)
    values = list(thresholds or [])
    clean_thresholds = []
    if len(values) != 3:
        errors.setdefault("threshold_1", []).append(_("Give three thresholds."))
    else:
        for level, value in enumerate(values, start=1):
            clean_thresholds.append(check(_number, value, field=f"threshold_{level}",
                                          low=0.1, high=10000))
        if None not in clean_thresholds and not (
                clean_thresholds[0] < clean_thresholds[1] < clean_thresholds[2]):
            errors.setdefault("threshold_2", []).append(
                _("Each threshold must be higher than the one before."))
    if errors:
        raise ValidationError(errors)
    return {"weights": clean_weights, "half_life_days": half_life, "window_days": int(window),
            "case_weights": clean_cases, "thresholds": tuple(clean_thresholds)}


def params_from(clean: dict, indicators=None) -> scoring.Params:
    indicators = list(indicators if indicators is not None
                      else Indicator.objects.filter(is_active=True))
    return scoring.Params(
        weights={i.code: float(clean["weights"].get(i.code, i.default_weight))
                 for i in indicators},
        kinds={i.code: i.kind for i in indicators},
        half_life_days=clean["half_life_days"], window_days=clean["window_days"],
        case_weights=dict(clean["case_weights"]), thresholds=tuple(clean["thresholds"]))


MAX_PREVIEW_WEEKS = 52


def preview_settings(*, actor, weights: dict, half_life_days, window_days, case_weights: dict,
                     thresholds, weeks=12, now: datetime | None = None) -> dict:
    """Pusat's calibration preview: the proposed settings next to the current ones over
    the last ``weeks`` weeks (``calibration_preview``). Nothing is saved."""
    if not access.may_calibrate(actor):
        raise PermissionDenied(_("Only heads and admins at Pusat may calibrate the risk score."))
    errors: dict[str, list] = {}
    clean = collector(errors)(validate_settings, weights=weights,
                              half_life_days=half_life_days, window_days=window_days,
                              case_weights=case_weights, thresholds=thresholds)
    if isinstance(weeks, bool) or not isinstance(weeks, int) \
            or not 1 <= weeks <= MAX_PREVIEW_WEEKS:
        errors.setdefault("weeks", []).append(
            _("Must be a whole number from 1 to %(max)d.") % {"max": MAX_PREVIEW_WEEKS})
    if errors:
        raise ValidationError(errors)
    return calibration_preview(RiskSettings.current().params(), params_from(clean),
                               weeks=weeks, now=now)


def calibration_preview(current: scoring.Params, proposed: scoring.Params, *, weeks: int = 12,
                        now: datetime | None = None) -> dict:
    """The last ``weeks`` weeks recomputed with both settings: districts flagged per
    level, upward crossings (the alerts each would have raised), and the districts
    whose level differs."""
    now = now or timezone.now()
    window = max(current.window_days, proposed.window_days)
    rows = []
    differences = []
    last = {"current": {}, "proposed": {}}
    alerts = {"current": 0, "proposed": 0}
    for back in range(weeks - 1, -1, -1):
        monday = week_of(now) - timedelta(weeks=back)
        as_of = min(week_end(monday), now)
        data = gather(as_of, window)
        row = {"week": monday, "current": {1: 0, 2: 0, 3: 0}, "proposed": {1: 0, 2: 0, 3: 0},
               "alerts_current": 0, "alerts_proposed": 0}
        for code, d in sorted(data.items()):
            levels = {}
            for name, params in (("current", current), ("proposed", proposed)):
                level = scoring.score_district(d.observations, d.cases, params, as_of).level
                levels[name] = level
                if level:
                    row[name][level] += 1
                if level > last[name].get(code, 0):
                    row[f"alerts_{name}"] += 1
                    alerts[name] += 1
                last[name][code] = level
            if levels["current"] != levels["proposed"]:
                differences.append({"week": monday, "district": code, **levels})
        for name in ("current", "proposed"):
            for code in list(last[name]):
                if code not in data:
                    last[name][code] = 0
        rows.append(row)
    names = dict(Region.objects.filter(code__in={d["district"] for d in differences})
                 .values_list("code", "name"))
    for d in differences:
        d["name"] = names.get(d["district"], d["district"])
    return {"weeks": rows, "differences": differences[-50:], "alerts": alerts}
