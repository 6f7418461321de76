"""Writes for case handling: impacts, actions, tasks, agreements, referrals.

Conventions (as in ``selaras.cases.services``): keyword-only arguments; the
actor must be allowed to ``change`` the case (penangan/kepala of the handling
unit or an ancestor) or ``PermissionDenied`` is raised; bad input raises one
``ValidationError`` with a field dict; a step the case's state does not allow
raises ``ActionNotAllowed``. In each of those cases nothing is written. A write
runs in one transaction that locks the case, bumps its version and records a
CaseEvent. When handling work moves the case in the workflow (the first action
starts handling, a breached agreement reopens a resolved case) the move goes
through ``perform_transition`` in the same transaction, so the workflow table
stays the only place that says what may happen.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases import access as case_access
from selaras.cases.models import Case, EventKind, Status
from selaras.cases.services import perform_transition, record_event
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.notifications import hooks as notification_hooks
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role, Unit
from selaras.parties.cleaning import MAX_RUPIAH, Errors, lock_case
from selaras.parties.models import CaseParty, Party

from .models import (
    REFERRAL_ORDER,
    ActionType,
    Agency,
    Agreement,
    AgreementFollowUp,
    AgreementStatus,
    HandlingAction,
    Impact,
    Referral,
    ReferralStatus,
    Task,
    TaskStatus,
)

MAX_TEXT = 5000
MAX_SHORT = 200
MAX_REASON = 2000
MAX_FOLLOW_UPS = 20
HANDLER_ROLES = frozenset({Role.PENANGAN, Role.KEPALA})
# Handling work needs a verified case that is not closed or rejected.
WORKING_STATUSES = (Status.TERVERIFIKASI, Status.DITANGANI, Status.SELESAI, Status.PEMANTAUAN)
FROZEN_STATUSES = (Status.DITUTUP, Status.DITOLAK)
# A breached agreement on a case in one of these reopens it.
REOPEN_ON_BREACH = (Status.SELESAI, Status.PEMANTAUAN, Status.DITUTUP)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()


# --------------------------------------------------------------------------- helpers


def _require_change(actor, case: Case) -> None:
    if not case_access.can(actor, "change", case):
        raise PermissionDenied(_("You may not handle this case."))


def _require_working(case: Case) -> None:
    if case.status == Status.DILAPORKAN:
        raise ActionNotAllowed(_("Verify the report before recording handling work on it."))
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))


def _case_parties(case: Case, values, errors: Errors, *, field: str,
                  required: bool = False) -> list[Party]:
    """Parties given by instance or id, each of which must be linked to this case."""
    if values in (None, ""):
        values = []
    if isinstance(values, Party | int | str):
        values = [values]
    ids: list[int] = []
    for value in values:
        raw = value.pk if isinstance(value, Party) else value
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            errors.add(field, _("'%(value)s' is not a party id.") % {"value": raw})
            return []
    ids = list(dict.fromkeys(ids))
    if required and not ids:
        errors.add(field, _("Choose at least one party."))
        return []
    linked = set(CaseParty.objects.filter(case=case, party_id__in=ids)
                 .values_list("party_id", flat=True))
    missing = [i for i in ids if i not in linked]
    if missing:
        errors.add(field, _("Not a party to this case (link it to the case first): %(ids)s.")
                   % {"ids": ", ".join(map(str, missing))})
        return []
    return list(Party.objects.filter(pk__in=ids).order_by("pk"))


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- impact


def set_impact(
    *,
    actor,
    case: Case,
    dead=UNCHANGED,
    injured=UNCHANGED,
    displaced=UNCHANGED,
    children_involved=UNCHANGED,
    property_damaged_kind=UNCHANGED,
    property_damage_estimate=UNCHANGED,
    reason: str = "",
) -> Impact:
    """Create or correct the case's impact; the event lists each changed figure old → new.

    Arguments left out stay as they are; ``property_damage_estimate=None`` means unknown.
    """
    _require_change(actor, case)
    errors = Errors()
    cleaned: dict = {}
    for field, value in (("dead", dead), ("injured", injured), ("displaced", displaced),
                         ("children_involved", children_involved)):
        if value is not UNCHANGED:
            cleaned[field] = errors.count(value, field=field)
    if property_damaged_kind is not UNCHANGED:
        cleaned["property_damaged_kind"] = errors.text(
            property_damaged_kind, field="property_damaged_kind", max_length=300)
    if property_damage_estimate is not UNCHANGED:
        cleaned["property_damage_estimate"] = errors.count(
            property_damage_estimate, field="property_damage_estimate", maximum=MAX_RUPIAH,
            allow_none=True, grouped=True)
    reason = errors.text(reason, field="reason", max_length=MAX_REASON)
    if not cleaned:
        errors.add("impact", _("Give at least one figure."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        _require_working(case)

    with transaction.atomic():
        impact = Impact.objects.select_for_update().filter(case=case).first()
        created = impact is None
        if created:
            impact = Impact(case=case)
        diff = {}
        for field, new in cleaned.items():
            old = None if created else getattr(impact, field)
            if created or old != new:
                diff[field] = [old, new]
                setattr(impact, field, new)
        if not diff:
            return impact
        lock_case(case)
        impact.updated_by = actor
        impact.save()
        record_event(case=case, actor=actor, kind=EventKind.IMPACT,
                     action="recorded" if created else "updated", reason=reason,
                     data={"changes": diff})
    return impact


# --------------------------------------------------------------------------- actions


def record_action(
    *,
    actor,
    case: Case,
    type: str,  # noqa: A002 — the domain's word
    date,
    outcome: str,
    place: str = "",
    participants: Iterable = (),
    officials: str = "",
    next_step: str = "",
) -> HandlingAction:
    """Log one handling action. The first action on a verified case starts handling."""
    _require_change(actor, case)
    errors = Errors()
    action_type = errors.choice(type, ActionType, field="type")
    action_date = errors.day(date, field="date", not_future=True)
    outcome = errors.text(outcome, field="outcome", max_length=MAX_TEXT, required=True)
    place = errors.text(place, field="place", max_length=MAX_SHORT)
    officials = errors.text(officials, field="officials", max_length=2000)
    next_step = errors.text(next_step, field="next_step", max_length=2000)
    parties = _case_parties(case, participants, errors, field="participants")
    errors.raise_if_any()
    _require_working(case)

    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        started = current.status == Status.TERVERIFIKASI
        if started:
            perform_transition(actor=actor, case=current, action="start")
        lock_case(case)
        action = HandlingAction.objects.create(
            case=case, type=action_type, date=action_date, place=place, officials=officials,
            outcome=outcome, next_step=next_step, created_by=actor,
        )
        action.participant_parties.set(parties)
        record_event(
            case=case, actor=actor, kind=EventKind.HANDLING_ACTION, action="recorded",
            data={"action_id": action.pk, "type": action_type, "date": action_date.isoformat(),
                  "participant_ids": [p.pk for p in parties], "started_handling": started},
        )
    if started:
        case.refresh_from_db()
    return action


# --------------------------------------------------------------------------- tasks


def _assignee_user(value, case: Case, errors: Errors):
    User = get_user_model()
    user = value if isinstance(value, User) else None
    if user is None:
        try:
            user = User.objects.filter(pk=int(value), is_active=True).first()
        except (TypeError, ValueError):
            user = None
    if user is None or not user.is_active:
        errors.add("assignee_user", _("Unknown user."))
        return None
    if not any(g.role in HANDLER_ROLES for g in grants_for(user)) or not case_access.can(
        user, "view", case
    ):
        errors.add("assignee_user",
                   _("This person cannot work on this case (no handling role for it)."))
        return None
    return user


def _assignee_unit(value, case: Case, errors: Errors):
    unit = value if isinstance(value, Unit) else Unit.objects.filter(
        code=str(value).strip(), is_active=True).first()
    if unit is None or not unit.is_active:
        errors.add("assignee_unit", _("Unknown office '%(code)s'.") % {"code": value})
        return None
    handling = case.handling_unit
    if not (handling.path.startswith(unit.path) or unit.path.startswith(handling.path)):
        errors.add("assignee_unit", _(
            "Choose the handling office, an office above it or an office under it."))
        return None
    return unit


def create_task(
    *,
    actor,
    case: Case,
    title: str,
    due_date,
    assignee_user=None,
    assignee_unit=None,
    description: str = "",
) -> Task:
    """Give someone (one user, or one office) something to do on the case by a date."""
    _require_change(actor, case)
    errors = Errors()
    title = errors.text(title, field="title", max_length=MAX_SHORT, required=True)
    description = errors.text(description, field="description", max_length=2000)
    due = errors.day(due_date, field="due_date", not_past=True)
    user = unit = None
    has_user = assignee_user not in (None, "")
    has_unit = assignee_unit not in (None, "")
    if has_user and has_unit:
        errors.add("assignee", _("Assign the task to a person or to an office, not both."))
    elif not (has_user or has_unit):
        errors.add("assignee", _("Assign the task to a person or to an office."))
    elif has_user:
        user = _assignee_user(assignee_user, case, errors)
    else:
        unit = _assignee_unit(assignee_unit, case, errors)
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        _require_working(case)

    with transaction.atomic():
        lock_case(case)
        task = Task.objects.create(
            case=case, title=title, description=description, due_date=due,
            assignee_user=user, assignee_unit=unit, created_by=actor,
        )
        record_event(
            case=case, actor=actor, kind=EventKind.TASK, action="created",
            data={"task_id": task.pk, "title": title, "due_date": due.isoformat(),
                  "assignee_user_id": user.pk if user else None,
                  "assignee_unit": unit.code if unit else None},
        )
        notification_hooks.task_assigned(task=task, actor=actor)
    return task


def is_assignee(user, task: Task) -> bool:
    if task.assignee_user_id is not None:
        return task.assignee_user_id == getattr(user, "pk", None)
    return any(g.unit_id == task.assignee_unit_id and g.role in HANDLER_ROLES
               for g in grants_for(user))


def _close_task(*, actor, task: Task, status: str, note: str, action: str) -> Task:
    from selaras.playbooks.services import on_task_closed  # playbooks imports this module

    with transaction.atomic():
        # Case first, then task: the order the playbook services lock in (no deadlock).
        lock_case(task.case)
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.status != TaskStatus.OPEN:
            raise ActionNotAllowed(_("This task is already %(status)s.") % {
                "status": current.get_status_display().lower()})
        current.status = status
        current.closed_by = actor
        if status == TaskStatus.DONE:
            current.done_at = timezone.now()
        current.save(update_fields=["status", "closed_by", "done_at"])
        record_event(case=task.case, actor=actor, kind=EventKind.TASK, action=action,
                     reason=note, data={"task_id": task.pk, "title": task.title})
        # A playbook step's task: the step follows (done / skipped with this reason).
        on_task_closed(actor=actor, case=task.case, task=current, note=note)
    task.status, task.done_at, task.closed_by = current.status, current.done_at, actor
    return task


def complete_task(*, actor, task: Task, note: str = "") -> Task:
    """Mark a task done: its assignee may, and so may whoever may handle the case."""
    case = task.case
    allowed = case_access.can(actor, "change", case) or (
        is_assignee(actor, task) and case_access.can(actor, "view", case)
    )
    if not allowed:
        raise PermissionDenied(_("You may not complete this task."))
    errors = Errors()
    note = errors.text(note, field="note", max_length=MAX_REASON)
    errors.raise_if_any()
    return _close_task(actor=actor, task=task, status=TaskStatus.DONE, note=note,
                       action="completed")


def cancel_task(*, actor, task: Task, reason: str) -> Task:
    """Withdraw a task (it is no longer needed); the reason goes on the timeline."""
    _require_change(actor, task.case)
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON, required=True)
    errors.raise_if_any()
    return _close_task(actor=actor, task=task, status=TaskStatus.CANCELLED, note=reason,
                       action="cancelled")


# --------------------------------------------------------------------------- agreements


def record_agreement(
    *,
    actor,
    case: Case,
    parties: Iterable,
    terms: str,
    signed_on,
    follow_up_dates: Iterable = (),
) -> Agreement:
    """Record a signed agreement between parties of the case, with dates to check on it."""
    _require_change(actor, case)
    errors = Errors()
    terms = errors.text(terms, field="terms", max_length=10000, required=True)
    signed = errors.day(signed_on, field="signed_on", not_future=True)
    party_objs = _case_parties(case, parties, errors, field="parties", required=True)
    if follow_up_dates in (None, ""):
        follow_up_dates = []
    if isinstance(follow_up_dates, str | dt.date):
        follow_up_dates = [follow_up_dates]
    follow_ups: list[dt.date] = []
    for value in follow_up_dates:
        day = errors.day(value, field="follow_up_dates")
        if day is None:
            continue
        if signed and day < signed:
            errors.add("follow_up_dates",
                       _("A follow-up date cannot be before the signing date."))
            continue
        follow_ups.append(day)
    follow_ups = sorted(set(follow_ups))
    if len(follow_ups) > MAX_FOLLOW_UPS:
        errors.add("follow_up_dates", _("At most %(n)d follow-up dates.") % {
            "n": MAX_FOLLOW_UPS})
    errors.raise_if_any()
    _require_working(case)
    if case.status == Status.TERVERIFIKASI:
        raise ActionNotAllowed(
            _("Record the handling action that led to the agreement (e.g. the mediation) first.")
        )

    with transaction.atomic():
        lock_case(case)
        agreement = Agreement.objects.create(case=case, terms=terms, signed_on=signed,
                                             created_by=actor)
        agreement.parties.set(party_objs)
        AgreementFollowUp.objects.bulk_create(
            AgreementFollowUp(agreement=agreement, due_on=day) for day in follow_ups
        )
        record_event(
            case=case, actor=actor, kind=EventKind.AGREEMENT, action="recorded",
            data={"agreement_id": agreement.pk, "signed_on": signed.isoformat(),
                  "party_ids": [p.pk for p in party_objs],
                  "follow_up_dates": [d.isoformat() for d in follow_ups]},
        )
    return agreement


def mark_agreement_kept(*, actor, agreement: Agreement, note: str = "") -> Agreement:
    """The parties kept the agreement (typically found at a follow-up)."""
    case = agreement.case
    _require_change(actor, case)
    errors = Errors()
    note = errors.text(note, field="note", max_length=MAX_REASON)
    errors.raise_if_any()
    if case.status == Status.DITOLAK:
        _require_working(case)
    with transaction.atomic():
        current = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if current.status != AgreementStatus.ACTIVE:
            raise ActionNotAllowed(_("Only an agreement in force can be marked as kept."))
        lock_case(case)
        current.status = AgreementStatus.KEPT
        current.status_note = note
        current.status_changed_at = timezone.now()
        current.save(update_fields=["status", "status_note", "status_changed_at"])
        record_event(case=case, actor=actor, kind=EventKind.AGREEMENT, action="kept",
                     reason=note, data={"agreement_id": agreement.pk})
    agreement.status, agreement.status_note = current.status, current.status_note
    agreement.status_changed_at = current.status_changed_at
    return agreement


def mark_agreement_breached(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """A party broke the agreement. On a resolved, monitored or closed case this reopens
    the case (workflow action ``reopen``, with the breach as its reason) — which only a
    head (kepala) may do, so a handler is refused and nothing is written."""
    case = agreement.case
    _require_change(actor, case)
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON, required=True)
    errors.raise_if_any()
    if case.status == Status.DITOLAK:
        _require_working(case)
    if agreement.status == AgreementStatus.BREACHED:
        raise ActionNotAllowed(_("This agreement is already marked as breached."))
    reopens = case.status in REOPEN_ON_BREACH
    if reopens and not case_access.can(actor, "reopen", case):
        raise PermissionDenied(_(
            "Recording this breach reopens the case, which only the head (kepala) may do."))

    with transaction.atomic():
        current = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if current.status == AgreementStatus.BREACHED:
            raise ActionNotAllowed(_("This agreement is already marked as breached."))
        locked = lock_case(case)
        current.status = AgreementStatus.BREACHED
        current.status_note = reason
        current.status_changed_at = timezone.now()
        current.save(update_fields=["status", "status_note", "status_changed_at"])
        reopens = locked.status in REOPEN_ON_BREACH
        record_event(case=case, actor=actor, kind=EventKind.AGREEMENT, action="breached",
                     reason=reason,
                     data={"agreement_id": agreement.pk, "reopens_case": reopens})
        if reopens:
            perform_transition(actor=actor, case=locked, action="reopen", reason=reason)
    if reopens:
        case.refresh_from_db()
    agreement.status, agreement.status_note = current.status, current.status_note
    agreement.status_changed_at = current.status_changed_at
    return agreement


# --------------------------------------------------------------------------- referrals


def create_referral(
    *,
    actor,
    case: Case,
    agency: str,
    referred_on,
    agency_name: str = "",
    reference_number: str = "",
    summary: str = "",
) -> Referral:
    """Record that the case (or part of it) was referred to an outside agency."""
    _require_change(actor, case)
    errors = Errors()
    agency = errors.choice(agency, Agency, field="agency")
    agency_name = errors.text(agency_name, field="agency_name", max_length=MAX_SHORT)
    if agency == Agency.LAINNYA and agency_name == "":
        errors.add("agency_name", _("Name the agency."))
    referred = errors.day(referred_on, field="referred_on", not_future=True)
    reference_number = errors.text(reference_number, field="reference_number", max_length=100)
    summary = errors.text(summary, field="summary", max_length=MAX_TEXT)
    errors.raise_if_any()
    _require_working(case)

    with transaction.atomic():
        lock_case(case)
        referral = Referral.objects.create(
            case=case, agency=agency, agency_name=agency_name, referred_on=referred,
            reference_number=reference_number, summary=summary, created_by=actor,
        )
        record_event(
            case=case, actor=actor, kind=EventKind.REFERRAL, action="created",
            data={"referral_id": referral.pk, "agency": agency,
                  "referred_on": referred.isoformat(), "reference_number": reference_number},
        )
    return referral


def update_referral(
    *,
    actor,
    referral: Referral,
    status=UNCHANGED,
    response=UNCHANGED,
    responded_on=UNCHANGED,
    reference_number=UNCHANGED,
) -> Referral:
    """Record the agency's progress. Status only moves forward (sent → acknowledged →
    answered → closed); an answered referral needs the response."""
    case = referral.case
    _require_change(actor, case)
    errors = Errors()
    cleaned: dict = {}
    if status is not UNCHANGED:
        cleaned["status"] = errors.choice(status, ReferralStatus, field="status")
    if response is not UNCHANGED:
        cleaned["response"] = errors.text(response, field="response", max_length=MAX_TEXT)
    if responded_on is not UNCHANGED:
        cleaned["responded_on"] = errors.day(responded_on, field="responded_on",
                                             required=False, not_future=True)
    if reference_number is not UNCHANGED:
        cleaned["reference_number"] = errors.text(reference_number, field="reference_number",
                                                  max_length=100)
    errors.raise_if_any()
    if case.status == Status.DITOLAK:
        _require_working(case)

    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        new_status = cleaned.get("status", current.status)
        if REFERRAL_ORDER.index(new_status) < REFERRAL_ORDER.index(current.status):
            raise ValidationError({"status": [_(
                "A referral cannot go back from '%(old)s' to '%(new)s'.") % {
                "old": current.get_status_display(),
                "new": ReferralStatus(new_status).label}]})
        new_response = cleaned.get("response", current.response)
        if new_status in (ReferralStatus.ANSWERED,) and not new_response:
            raise ValidationError({"response": [_("Record what the agency answered.")]})
        if new_response and not current.response and "responded_on" not in cleaned:
            cleaned["responded_on"] = timezone.localdate()
        diff = {}
        for field, new in cleaned.items():
            old = getattr(current, field)
            if old != new:
                # Free text stays out of the timeline: it may hold personal data.
                diff[field] = (True if field == "response"
                               else [_jsonable(old), _jsonable(new)])
                setattr(current, field, new)
        if not diff:
            return current
        lock_case(case)
        current.save()
        record_event(case=case, actor=actor, kind=EventKind.REFERRAL, action="updated",
                     data={"referral_id": current.pk, "changes": diff})
    return current
