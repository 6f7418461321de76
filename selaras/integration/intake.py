"""Intake of reports from other systems (``POST /api/v1/intake``).

A report carries its source system and the reference it has there. The pair is
unique (``ExternalReference``): the first time it creates a case through
``selaras.cases.services.create_case`` (status ``dilaporkan``, routed by location),
any later time it answers with that case and creates nothing — also when two
requests race (the unique constraint decides, the loser's case is rolled back).

Every problem of a report is reported at once (422) and nothing is written.
"""

import json
import math
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases import access, services
from selaras.cases.models import AlertLevel, Case, SourceChannel
from selaras.core.errors import PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for

from .models import ExternalReference, SourceSystem

MAX_EXTERNAL_REF = 100
MAX_EXTRA_BYTES = 8 * 1024  # the serialised JSON of ``extra``
MAX_EXTRA_DEPTH = 10
MAX_TEXT = services.MAX_CHRONOLOGY
DERIVED_TITLE_LENGTH = 120
DEFAULT_CATEGORY = "lainnya"
DEFAULT_ALERT_LEVEL = AlertLevel.WASPADA

# Source system → the case's ``source_channel``.
CHANNEL_FOR_SYSTEM = {
    SourceSystem.SI_PAHAM: SourceChannel.SI_PAHAM,
    SourceSystem.SI_RUKUN: SourceChannel.SI_RUKUN,
    SourceSystem.PENYULUH_APP: SourceChannel.PENYULUH,
    SourceSystem.SIMPENAIS: SourceChannel.PENYULUH,
    SourceSystem.BINA_KUA: SourceChannel.API,
    SourceSystem.PUSDATIN: SourceChannel.API,
    SourceSystem.OTHER: SourceChannel.API,
}

# create_case reports the free text as "chronology"; the intake calls it "text".
FIELD_NAMES = {"chronology": "text"}

_REF_RE = re.compile(r"^[^\x00-\x1f\x7f]+$")


@dataclass
class IntakeResult:
    case: Case
    reference: ExternalReference
    created: bool


def derive_title(text: str) -> str:
    """The first line of the text, at most ``DERIVED_TITLE_LENGTH`` characters (cut at a
    word boundary, with an ellipsis)."""
    text = (text or "").strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) <= DERIVED_TITLE_LENGTH:
        return first
    cut = first[:DERIVED_TITLE_LENGTH - 1]
    if " " in cut[DERIVED_TITLE_LENGTH // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def _check_extra(value, errors: dict) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.setdefault("extra", []).append(_("Must be a JSON object."))
        return {}

    def walk(node, depth: int) -> str | None:
        if depth > MAX_EXTRA_DEPTH:
            return _("Nested too deeply (at most %(n)s levels).") % {"n": MAX_EXTRA_DEPTH}
        if isinstance(node, dict):
            for key, item in node.items():
                problem = walk(key, depth) or walk(item, depth + 1)
                if problem:
                    return problem
        elif isinstance(node, list):
            for item in node:
                problem = walk(item, depth + 1)
                if problem:
                    return problem
        elif isinstance(node, str):
            if "\x00" in node:
                return _("Text may not contain NUL characters.")
        elif isinstance(node, float) and not math.isfinite(node):
            return _("Numbers must be finite (no NaN or Infinity).")
        return None

    problem = walk(value, 1)
    if problem is None:
        try:
            size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
        except (UnicodeEncodeError, ValueError, TypeError):
            problem = _("Contains text that is not valid Unicode.")
        else:
            if size > MAX_EXTRA_BYTES:
                problem = _("At most %(max)s bytes of JSON (this has %(n)s).") % {
                    "max": MAX_EXTRA_BYTES, "n": size}
    if problem:
        errors.setdefault("extra", []).append(problem)
        return {}
    return value


def _check_pair(source_system, external_ref, errors: dict) -> tuple[str, str]:
    system = source_system.strip() if isinstance(source_system, str) else source_system
    if system in (None, ""):
        errors.setdefault("source_system", []).append(_("This field is required."))
    elif system not in SourceSystem.values:
        errors.setdefault("source_system", []).append(
            _("'%(value)s' is not one of: %(choices)s.") % {
                "value": system, "choices": ", ".join(SourceSystem.values)})
    ref = external_ref.strip() if isinstance(external_ref, str) else external_ref
    if ref in (None, ""):
        errors.setdefault("external_ref", []).append(_("This field is required."))
    elif not isinstance(ref, str):
        errors.setdefault("external_ref", []).append(_("Must be text."))
    elif len(ref) > MAX_EXTERNAL_REF:
        errors.setdefault("external_ref", []).append(
            _("At most %(max)d characters (this has %(n)d).") % {
                "max": MAX_EXTERNAL_REF, "n": len(ref)})
    elif not _REF_RE.match(ref):
        errors.setdefault("external_ref", []).append(
            _("Contains a control character that is not allowed."))
    return system or "", ref or ""


def may_use_intake(user) -> bool:
    """Only callers with a role that registers reports (somewhere) may send reports."""
    return any(grant.role in access.CREATE_ROLES for grant in grants_for(user))


def existing_reference(source_system: str, external_ref: str) -> ExternalReference | None:
    return (ExternalReference.objects.select_related("case", "case__handling_unit")
            .filter(source_system=source_system, external_ref=external_ref).first())


class _Rollback(Exception):
    """Undo a case that was only created to collect the services' validation errors."""


def _merge(errors: dict, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        bucket = errors.setdefault(FIELD_NAMES.get(field, field), [])
        for message in messages:
            if message not in bucket:
                bucket.append(message)


def receive_report(
    *,
    actor,
    source_system,
    external_ref,
    location,
    text,
    title=None,
    category=None,
    alert_level=None,
    occurred_at=None,
    address="",
    reporter_name="",
    reporter_contact="",
    latitude=None,
    longitude=None,
    extra=None,
) -> IntakeResult:
    """Create the case for a report from another system, or find the one it created."""
    if not may_use_intake(actor):
        raise PermissionDenied(_("You may not register reports."))
    errors: dict[str, list] = {}
    system, ref = _check_pair(source_system, external_ref, errors)
    if not errors:
        known = existing_reference(system, ref)
        if known is not None:
            return IntakeResult(case=known.case, reference=known, created=False)
    extra = _check_extra(extra, errors)
    title_derived = title in (None, "")
    if title_derived:
        title = derive_title(text) if isinstance(text, str) else ""
    fields = {
        "title": title,
        "chronology": text,
        "category": DEFAULT_CATEGORY if category in (None, "") else category,
        "occurred_at": timezone.now() if occurred_at in (None, "") else occurred_at,
        "location": location,
        "alert_level": DEFAULT_ALERT_LEVEL if alert_level in (None, "") else alert_level,
        "address": address or "",
        "reporter_name": reporter_name or "",
        "reporter_contact": reporter_contact or "",
        "latitude": latitude,
        "longitude": longitude,
        "source_channel": CHANNEL_FOR_SYSTEM.get(system, SourceChannel.API),
    }
    try:
        with transaction.atomic():
            case = services.create_case(actor=actor, **fields)
            if errors:
                raise _Rollback
            reference = ExternalReference.objects.create(
                case=case, source_system=system, external_ref=ref, extra=extra,
                received_by=actor)
    except ValidationError as exc:
        _merge(errors, exc)
        if title_derived:
            errors.pop("title", None)  # the problem is the text, reported under "text"
        raise ValidationError(errors) from None
    except _Rollback:
        raise ValidationError(errors) from None
    except IntegrityError:
        # Another request with the same pair committed first: its case is the one.
        winner = existing_reference(system, ref)
        if winner is None:
            raise
        return IntakeResult(case=winner.case, reference=winner, created=False)
    return IntakeResult(case=case, reference=reference, created=True)
