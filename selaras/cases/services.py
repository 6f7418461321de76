"""The one way in for writes to cases (Zulip's ``do_*`` actions).

Every function here takes keyword-only arguments, runs in one transaction, writes
the CaseEvent that records the change in that same transaction, and defers side
effects with ``transaction.on_commit``. Views and API handlers only parse input,
call these and render the result.
"""

from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from selaras.core import crypto
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError, collector
from selaras.notifications import hooks as notification_hooks
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Unit, UnitLevel
from selaras.regions.models import Region, RegionLevel

from . import access
from .deadlines import compute_due_at
from .models import (
    AlertLevel,
    Case,
    CaseEvent,
    CaseNumberSequence,
    Category,
    ConflictScope,
    EventKind,
    LegalStage,
    Note,
    OccurredPrecision,
    Outcome,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from .workflow import TRANSITIONS

MAX_TITLE = 200
MAX_CHRONOLOGY = 20000
MAX_REASON = 2000
MAX_NOTE = 5000

# Fields a handler may change after intake, and how they are checked.
EDITABLE_FIELDS = (
    "title",
    "chronology",
    "category",
    "subcategory",
    "scope",
    "religions",
    "occurred_at",
    "occurred_precision",
    "location",
    "address",
    "latitude",
    "longitude",
    "alert_level",
    "legal_stage",
    "source_channel",
    "reporter_name",
    "reporter_contact",
    "confidential",
)


# --------------------------------------------------------------------------- helpers


def record_event(*, case: Case, actor, kind: str, action: str = "", **fields) -> CaseEvent:
    """Append one timeline entry. Only services call this, inside their transaction."""
    event = CaseEvent.objects.create(case=case, actor=actor, kind=kind, action=action, **fields)
    from selaras.audit.services import append_case_event  # the hash-chained audit trail

    append_case_event(event)
    from selaras.webhooks.hooks import case_event_recorded  # signed webhooks, after commit

    case_event_recorded(event)
    return event


def _clean_text(value, *, field: str, required: bool, max_length: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Must be text.")})
    value = value.strip()
    if "\x00" in value:
        # PostgreSQL cannot store NUL characters in text.
        raise ValidationError({field: _("Contains a character that is not allowed.")})
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("At most %(max)d characters (this has %(n)d).") % {
                "max": max_length, "n": len(value)}}
        )
    return value


def resolve_region(code) -> Region:
    code = str(code or "").strip().replace(".", "")
    region = Region.objects.filter(code=code).first() if code else None
    if region is None:
        raise ValidationError({"location": _("Unknown region code '%(code)s'.") % {"code": code}})
    if region.level < RegionLevel.DISTRICT:
        raise ValidationError(
            {"location": _("Choose at least the district (kecamatan) where it happened.")}
        )
    return region


def resolve_category(code, *, field: str = "category", parent: Category | None = None) -> Category:
    category = Category.objects.filter(code=str(code or "").strip(), is_active=True).first()
    if category is None:
        raise ValidationError({field: _("Unknown category '%(code)s'.") % {"code": code}})
    if parent is None and category.parent_id is not None and field == "category":
        raise ValidationError({field: _("Choose a main category, not a sub-category.")})
    if parent is not None and category.parent_id != parent.pk:
        raise ValidationError({field: _("This sub-category does not belong to the category.")})
    return category


def _choice(value, choices, *, field: str, required: bool = True, default=""):
    if value in (None, ""):
        if required and default == "":
            raise ValidationError({field: _("This field is required.")})
        return default
    valid = {str(v) for v in choices.values}
    if str(value) not in valid:
        raise ValidationError(
            {field: _("'%(value)s' is not one of: %(choices)s.") % {
                "value": value, "choices": ", ".join(sorted(valid))}}
        )
    return type(choices.values[0])(value)


def _religions(values) -> list[str]:
    if values in (None, ""):
        return []
    if not isinstance(values, list | tuple):
        raise ValidationError({"religions": _("Must be a list of religion codes.")})
    valid = set(Religion.values)
    bad = [v for v in values if v not in valid]
    if bad:
        raise ValidationError(
            {"religions": _("Unknown religion code(s): %(codes)s.") % {
                "codes": ", ".join(map(str, bad))}}
        )
    return sorted(set(values))


def _coordinate(value, *, field: str, low: float, high: float):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Must be a number.")}) from None
    if not low <= number <= high:
        raise ValidationError({field: _("Must be between %(low)s and %(high)s.") % {
            "low": low, "high": high}})
    return number


def _occurred_at(value, *, field: str = "occurred_at") -> datetime:
    """A past moment: a datetime, a date (start of that day) or ISO text."""
    if value in (None, ""):
        raise ValidationError({field: _("This field is required.")})
    if isinstance(value, str):
        text = value.strip()
        try:
            value = parse_datetime(text) or parse_date(text)
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(
                {field: _("Use a date like 2025-06-30 or 2025-06-30T14:00.")}
            )
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if not isinstance(value, datetime):
        raise ValidationError({field: _("Must be a date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError({field: _("The date cannot be in the future.")})
    if value.year < 1945:
        raise ValidationError({field: _("The date is too far in the past.")})
    return value


def default_handling_unit(region: Region, alert_level: int) -> Unit:
    """Level 1 → the district's KUA, 2 → its Kankemenag, 3 → its Kanwil (else the nearest above)."""
    wanted = {
        AlertLevel.WASPADA: UnitLevel.KECAMATAN,
        AlertLevel.SIAGA: UnitLevel.KABKOTA,
        AlertLevel.AWAS: UnitLevel.PROVINSI,
    }[alert_level]
    codes = region.ancestor_codes()
    candidates = Unit.objects.filter(is_active=True, areas__code__in=codes).distinct()
    # Where two active offices of one level cover the area, prefer the office whose
    # own code is the region's (its home office), then a stable order.
    candidates = sorted(candidates, key=lambda u: (-u.level, u.code not in codes, u.path))
    by_level: dict[int, Unit] = {}
    for unit in candidates:
        by_level.setdefault(unit.level, unit)
    for level in range(wanted, UnitLevel.PUSAT - 1, -1):
        if level in by_level:
            return by_level[level]
    pusat = Unit.objects.filter(level=UnitLevel.PUSAT, is_active=True).first()
    if pusat is None:
        raise ValidationError({"location": _("No office is set up for this region yet.")})
    return pusat


def next_case_number(region: Region, year: int) -> str:
    """KSBK-<regency>-<year>-<sequence>, e.g. KSBK-3273-2026-00042. Call inside a transaction."""
    regency = region.code[:4]
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(
        regency_code=regency, year=year
    )
    CaseNumberSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
    sequence.refresh_from_db(fields=["last_value"])
    return f"KSBK-{regency}-{year}-{sequence.last_value:05d}"


def _may_create_at(actor, region: Region) -> bool:
    for grant in grants_for(actor):
        if grant.role not in access.CREATE_ROLES:
            continue
        if grant.area_prefixes is None:
            return True
        if any(region.code.startswith(p) for p in grant.area_prefixes):
            return True
    return False


# --------------------------------------------------------------------------- intake


def create_case(
    *,
    actor,
    title: str,
    chronology: str,
    category: str,
    occurred_at: datetime,
    location: str,
    alert_level: int,
    subcategory: str | None = None,
    scope: str = "",
    religions: list[str] | None = None,
    occurred_precision: str = OccurredPrecision.DAY,
    reported_at: datetime | None = None,
    address: str = "",
    latitude=None,
    longitude=None,
    legal_stage: str = LegalStage.PENCEGAHAN,
    source_channel: str = SourceChannel.LANGSUNG,
    reporter_name: str = "",
    reporter_contact: str = "",
    confidential: bool = False,
) -> Case:
    """Register a new report (status ``dilaporkan``), routed to its default handling unit."""
    errors: dict[str, list] = {}

    check = collector(errors)

    title = check(_clean_text, title, field="title", required=True, max_length=MAX_TITLE)
    chronology = check(
        _clean_text, chronology, field="chronology", required=True, max_length=MAX_CHRONOLOGY
    )
    category_obj = check(resolve_category, category)
    subcategory_obj = None
    if subcategory and category_obj:
        subcategory_obj = check(resolve_category, subcategory, field="subcategory",
                                parent=category_obj)
    region = check(resolve_region, location)
    occurred = check(_occurred_at, occurred_at)
    level = check(_choice, alert_level, AlertLevel, field="alert_level")
    scope = check(_choice, scope, ConflictScope, field="scope", required=False)
    religions = check(_religions, religions)
    precision = check(_choice, occurred_precision, OccurredPrecision, field="occurred_precision",
                      default=OccurredPrecision.DAY)
    stage = check(_choice, legal_stage, LegalStage, field="legal_stage",
                  default=LegalStage.PENCEGAHAN)
    channel = check(_choice, source_channel, SourceChannel, field="source_channel",
                    default=SourceChannel.LANGSUNG)
    address = check(_clean_text, address, field="address", required=False, max_length=300)
    reporter_name = check(_clean_text, reporter_name, field="reporter_name", required=False,
                          max_length=150)
    reporter_contact = check(_clean_text, reporter_contact, field="reporter_contact",
                             required=False, max_length=150)
    lat = check(_coordinate, latitude, field="latitude", low=-11.5, high=6.5)
    lon = check(_coordinate, longitude, field="longitude", low=94.0, high=141.5)
    if reported_at is not None:
        reported_at = check(_occurred_at, reported_at, field="reported_at")
        if reported_at and occurred and occurred > reported_at:
            errors.setdefault("occurred_at", []).append(
                _("The event cannot have happened after it was reported.")
            )
    if not isinstance(confidential, bool):
        errors.setdefault("confidential", []).append(_("Must be true or false."))
    if errors:
        raise ValidationError(errors)
    if not _may_create_at(actor, region):
        raise PermissionDenied(_("You may not register reports for this region."))

    handling_unit = default_handling_unit(region, level)
    now = timezone.now()
    reported = reported_at or now
    for attempt in range(3):
        try:
            with transaction.atomic():
                case = Case(
                    number=next_case_number(region, timezone.localtime(reported).year),
                    title=title,
                    chronology=chronology,
                    category=category_obj,
                    subcategory=subcategory_obj,
                    scope=scope or "",
                    religions=religions or [],
                    occurred_at=occurred,
                    occurred_precision=precision,
                    reported_at=reported,
                    address=address,
                    latitude=lat,
                    longitude=lon,
                    alert_level=level,
                    legal_stage=stage,
                    status=Status.DILAPORKAN,
                    handling_unit=handling_unit,
                    source_channel=channel,
                    reporter_name=reporter_name,
                    reporter_contact=reporter_contact,
                    confidential=confidential,
                    created_by=actor,
                )
                case.set_location(region)
                case.due_at = compute_due_at(case)
                case.save()
                event = record_event(
                    case=case,
                    actor=actor,
                    kind=EventKind.CREATED,
                    to_status=Status.DILAPORKAN,
                    to_unit=handling_unit,
                    data={"alert_level": level, "source_channel": channel},
                )
                if level == AlertLevel.AWAS:
                    _alert_level3(case, event)
                notification_hooks.case_arrived(case=case, actor=actor, action="created")
            return case
        except IntegrityError:
            # Two intakes raced for the same number on a database without row locks.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- notes


def add_note(*, actor, case: Case, body: str) -> Note:
    if not access.can(actor, "add_note", case):
        raise PermissionDenied(_("You may not add notes to this case."))
    body = _clean_text(body, field="body", required=True, max_length=MAX_NOTE)
    with transaction.atomic():
        note = Note.objects.create(case=case, author=actor, body=body)
        current = Case.objects.select_for_update().get(pk=case.pk)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        case.version = current.version
        record_event(case=case, actor=actor, kind=EventKind.NOTE_ADDED, data={"note_id": note.pk})
    return note


# --------------------------------------------------------------------------- editing


def _normalise_change(field: str, value, case: Case):
    if field == "title":
        return _clean_text(value, field=field, required=True, max_length=MAX_TITLE)
    if field == "chronology":
        return _clean_text(value, field=field, required=True, max_length=MAX_CHRONOLOGY)
    if field in ("address",):
        return _clean_text(value, field=field, required=False, max_length=300)
    if field in ("reporter_name", "reporter_contact"):
        return _clean_text(value, field=field, required=False, max_length=150)
    if field == "category":
        return resolve_category(value)
    if field == "subcategory":
        if value in (None, ""):
            return None
        return resolve_category(value, field="subcategory", parent=case.category)
    if field == "scope":
        return _choice(value, ConflictScope, field=field, required=False)
    if field == "religions":
        return _religions(value)
    if field == "occurred_at":
        return _occurred_at(value)
    if field == "occurred_precision":
        return _choice(value, OccurredPrecision, field=field)
    if field == "location":
        return resolve_region(value)
    if field == "latitude":
        return _coordinate(value, field=field, low=-11.5, high=6.5)
    if field == "longitude":
        return _coordinate(value, field=field, low=94.0, high=141.5)
    if field == "alert_level":
        return _choice(value, AlertLevel, field=field)
    if field == "legal_stage":
        return _choice(value, LegalStage, field=field)
    if field == "source_channel":
        return _choice(value, SourceChannel, field=field)
    if field == "confidential":
        if not isinstance(value, bool):
            raise ValidationError({field: _("Must be true or false.")})
        return value
    raise ValidationError({field: _("This field cannot be changed.")})


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return getattr(value, "code", value.pk)
    return value


def update_case(*, actor, case: Case, changes: dict, reason: str = "",
                expected_version: int | None = None) -> Case:
    """Change case details; the event lists every field's old and new value."""
    if not access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change this case."))
    if case.status in (Status.DITUTUP, Status.DITOLAK):
        raise ActionNotAllowed(_("A closed or rejected case cannot be edited; reopen it first."))
    errors: dict[str, list] = {}
    cleaned = {}
    if "category" in changes:
        try:
            cleaned["category"] = _normalise_change("category", changes["category"], case)
            case.category = cleaned["category"]
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for field, value in changes.items():
        if field == "category":
            continue
        if field not in EDITABLE_FIELDS:
            errors.setdefault(field, []).append(_("This field cannot be changed."))
            continue
        try:
            cleaned[field] = _normalise_change(field, value, case)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    reason = _clean_text(reason, field="reason", required=False, max_length=MAX_REASON)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and current.version != expected_version:
            raise ActionNotAllowed(
                _("Someone else changed this case in the meantime. Reload it and try again.")
            )
        diff = {}
        for field, new in cleaned.items():
            old = current.location if field == "location" else getattr(current, field)
            if old != new:
                diff[field] = [_jsonable(old), _jsonable(new)]
                if field in ("reporter_name", "reporter_contact"):
                    # Personal data stays encrypted at rest in the timeline too.
                    diff[field] = [crypto.seal(v) for v in diff[field]]
                if field == "location":
                    current.set_location(new)
                else:
                    setattr(current, field, new)
        if (
            "category" in diff
            and current.subcategory_id
            and current.subcategory.parent_id != current.category_id
        ):
            diff["subcategory"] = [current.subcategory_id, None]
            current.subcategory = None
        if not diff:
            return current
        current.due_at = compute_due_at(current)
        current.version += 1
        current.save()
        event = record_event(
            case=current, actor=actor, kind=EventKind.UPDATED, reason=reason,
            data={"changes": diff},
        )
        if "alert_level" in diff and current.alert_level == AlertLevel.AWAS:
            _alert_level3(current, event)
    return current


def _alert_level3(case: Case, event: CaseEvent) -> None:
    """Level 3 tells the Kanwil and Pusat at once, after the commit (selaras.automation)."""
    from selaras.automation.alerts import alert_level3_on_commit

    alert_level3_on_commit(case=case, event=event)


# --------------------------------------------------------------------------- workflow


def perform_transition(
    *,
    actor,
    case: Case,
    action: str,
    reason: str = "",
    target_unit: Unit | str | None = None,
    outcome: str = "",
    outcome_note: str = "",
    reject_reason: str = "",
    duplicate_of: Case | str | None = None,
    expected_version: int | None = None,
    via_service: bool = False,
    notify_arrival: bool = True,
) -> Case:
    """Apply one row of the workflow table to a case the actor can see.

    Rows with ``extra["service"]`` (``merge``) do more than change the status; they are
    applied only by that service, which passes ``via_service=True``.

    A move to another office tells that office (``case_assigned``) unless the caller
    sends it a more specific notice itself and passes ``notify_arrival=False`` (the
    automatic escalation sends ``auto_escalated``).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(
            {"action": _("Unknown action '%(action)s'. Known actions: %(known)s.") % {
                "action": action, "known": ", ".join(TRANSITIONS)}}
        )
    if not access.can(actor, action, case):
        raise PermissionDenied(
            _("Your role does not allow '%(action)s' on this case.") % {
                "action": transition.label}
        )
    reason = _clean_text(reason, field="reason", required=transition.requires_reason,
                         max_length=MAX_REASON)
    if transition.extra.get("service") and not via_service:
        raise ActionNotAllowed(
            _("'%(action)s' has its own form; it is not a plain workflow step.") % {
                "action": transition.label}
        )

    with transaction.atomic():
        # Lock the case row only (of=self): locking the joined office row too made
        # concurrent intake (which key-share locks the office through its foreign key)
        # and transitions deadlock against the audit chain head.
        current = (Case.objects.select_for_update(of=("self",))
                   .select_related("handling_unit").get(pk=case.pk))
        if expected_version is not None and current.version != expected_version:
            raise ActionNotAllowed(
                _("Someone else changed this case in the meantime. Reload it and try again.")
            )
        if current.status not in transition.sources:
            raise ActionNotAllowed(
                _("'%(action)s' is not possible while the case is '%(status)s'.") % {
                    "action": transition.label, "status": current.get_status_display()}
            )
        from_status, from_unit = current.status, current.handling_unit
        data: dict = {}
        new_unit = from_unit

        if transition.needs_target_unit or action == "take_over":
            new_unit = _target_unit(actor, current, action, target_unit)
            data["to_unit_code"] = new_unit.code
        if transition.needs_outcome:
            current.outcome = _choice(outcome, Outcome, field="outcome")
            note = _clean_text(outcome_note, field="outcome_note", required=False,
                               max_length=MAX_REASON)
            # The reason is always required for resolve, so it cannot stand in for
            # the description of an outcome that fits none of the codes.
            if current.outcome == Outcome.LAINNYA and not note:
                raise ValidationError({"outcome_note": _("Describe the outcome.")})
            current.outcome_note = note
            data["outcome"] = current.outcome
        if transition.needs_reject_reason:
            current.reject_reason = _choice(reject_reason or RejectReason.LAINNYA, RejectReason,
                                            field="reject_reason")
            data["reject_reason"] = current.reject_reason
            if current.reject_reason == RejectReason.DUPLIKAT:
                original = _original_case(actor, current, duplicate_of)
                current.duplicate_of = original
                data["duplicate_of"] = original.number
        if action == "reopen":
            current.outcome = ""
            current.outcome_note = ""
            current.closed_at = None

        if transition.target:
            current.status = transition.target
        current.handling_unit = new_unit
        now = timezone.now()
        if action == "verify":
            current.verified_at = now
        if current.status in (Status.DITUTUP, Status.DITOLAK):
            current.closed_at = now
        current.due_at = compute_due_at(current)
        current.version += 1
        current.save()
        record_event(
            case=current,
            actor=actor,
            kind=EventKind.TRANSITION,
            action=action,
            from_status=from_status,
            to_status=current.status,
            from_unit=from_unit,
            to_unit=new_unit,
            reason=reason,
            data=data,
        )
        if notify_arrival:
            notification_hooks.case_arrived(case=current, actor=actor, action=action,
                                            from_unit=from_unit)
        if current.duplicate_of_id and action == "reject":
            record_event(
                case=current.duplicate_of,
                actor=actor,
                kind=EventKind.NOTE_ADDED,
                action="duplicate_linked",
                data={"duplicate": current.number},
                reason=reason,
            )
        # SOP playbooks (issue #11): attach on verify, re-date steps when handling starts.
        from selaras.playbooks.services import on_transition

        on_transition(actor=actor, case=current, action=action)
    return current


def _target_unit(actor, case: Case, action: str, target) -> Unit:
    handling = case.handling_unit
    if action == "take_over":
        # The acting unit: the actor's highest-below unit that is an ancestor of the handler.
        candidates = [
            g for g in grants_for(actor)
            if g.role in TRANSITIONS["take_over"].roles
            and handling.path.startswith(g.unit_path) and g.unit_path != handling.path
        ]
        if target:
            code = target.code if isinstance(target, Unit) else str(target)
            candidates = [g for g in candidates if g.unit_code == code]
        if not candidates:
            raise ActionNotAllowed(
                _("Only an office above the handling office can take the case over.")
            )
        # The nearest ancestor: the longest path.
        grant = max(candidates, key=lambda g: len(g.unit_path))
        return Unit.objects.get(pk=grant.unit_id)

    if target in (None, ""):
        if action == "escalate":
            if handling.parent_id is None:
                raise ActionNotAllowed(_("The directorate has no higher office to escalate to."))
            # The nearest active office above (a closed parent office cannot handle it).
            for ancestor in handling.ancestors():
                if ancestor.is_active:
                    return ancestor
            raise ActionNotAllowed(_("There is no active office above the handling office."))
        raise ValidationError({"target_unit": _("Choose the office to delegate to.")})
    code = target.code if isinstance(target, Unit) else str(target).strip()
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise ValidationError({"target_unit": _("Unknown office '%(code)s'.") % {"code": target}})
    if action == "escalate" and not unit.is_ancestor_of(handling):
        raise ValidationError(
            {"target_unit": _("Escalation goes to an office above the handling office.")}
        )
    if action == "delegate" and not handling.is_ancestor_of(unit):
        raise ValidationError(
            {"target_unit": _("Delegation goes to an office under the handling office.")}
        )
    return unit


def _original_case(actor, case: Case, duplicate_of) -> Case:
    if duplicate_of in (None, ""):
        raise ValidationError(
            {"duplicate_of": _("Give the number of the original case this one duplicates.")}
        )
    number = duplicate_of.number if isinstance(duplicate_of, Case) else str(duplicate_of).strip()
    original = Case.objects.restrict(actor, "view").filter(number=number).first()
    if original is None:
        raise ValidationError(
            {"duplicate_of": _("No case '%(number)s' that you can see.") % {"number": number}}
        )
    if original.pk == case.pk:
        raise ValidationError({"duplicate_of": _("A case cannot duplicate itself.")})
    return original


def available_transitions(user, case: Case):
    """The rows of the workflow table this user may apply to this case now."""
    result = []
    for action, transition in TRANSITIONS.items():
        if case.status not in transition.sources or transition.extra.get("service"):
            continue
        if not access.can(user, action, case):
            continue
        if action == "escalate" and case.handling_unit.parent_id is None:
            continue
        if action == "delegate" and not case.handling_unit.children.filter(is_active=True).exists():
            continue
        if action == "take_over" and not any(
            g.role in transition.roles
            and case.handling_unit.path.startswith(g.unit_path)
            and g.unit_path != case.handling_unit.path
            for g in grants_for(user)
        ):
            continue
        result.append(transition)
    return result
