"""Writes for SOP playbooks: editing by Pusat, attaching to cases, completing and skipping steps.

Conventions as in ``selaras.cases.services``: keyword-only arguments; refusals raise
``PermissionDenied`` (role), ``ActionNotAllowed`` (state) or one ``ValidationError``
with a field dict (input) and write nothing; every change to a case runs in one
transaction that locks the case, bumps its version and records a ``playbook``
CaseEvent; the step's handling ``Task`` is kept in step (done / cancelled), both ways:
completing or cancelling the task from the case's Tasks section completes or skips the
step (``on_task_closed``, called by ``selaras.handling.services``).

Editing: only a draft version is edited; publishing it retires the version that
was published before. Cases already attached keep the version they started with.
"""

import hashlib
import json
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases import access as case_access
from selaras.cases.models import AlertLevel, Case, CaseEvent, Category, EventKind, Status
from selaras.cases.services import record_event
from selaras.core.errors import ActionNotAllowed, NotFound, PermissionDenied, ValidationError
from selaras.evidence.models import Attachment, AttachmentKind
from selaras.handling.models import Task, TaskStatus
from selaras.handling.services import is_assignee
from selaras.org.models import Role, Unit, UnitLevel
from selaras.parties.cleaning import Errors, lock_case

from . import access
from .models import (
    Anchor,
    AttachHow,
    CasePlaybook,
    CaseStepProgress,
    Playbook,
    PlaybookStep,
    PlaybookVersion,
    StepStatus,
    VersionStatus,
)

MAX_REASON = 2000
MAX_OFFSET_HOURS = 24 * 365
WORKING_STATUSES = (Status.TERVERIFIKASI, Status.DITANGANI, Status.SELESAI, Status.PEMANTAUAN)
STEP_FIELDS = ("title", "guidance", "responsible_level", "responsible_role", "anchor",
               "offset_hours", "evidence_expected", "evidence_kind", "legal_regulation",
               "legal_article", "legal_text", "legal_verified")


# --------------------------------------------------------------------------- editing (Pusat)


class StaleDraft(ActionNotAllowed):
    """``expected_tag`` named another state of the draft than the current one: someone
    else changed it since the caller read it (the API answers 412). Nothing was changed."""

    def __init__(self, version: PlaybookVersion):
        super().__init__(_("Someone else changed this version since you read it. Nothing "
                           "was changed."))
        self.version = version


def version_tag(version: PlaybookVersion) -> str:
    """The version's entity tag: a digest of its status, change note and every step (id,
    position and fields), so any edit of a draft changes it (the API's ETag)."""
    steps = [list(row) for row in version.steps.order_by("position", "id")
             .values_list("id", "position", *STEP_FIELDS)]
    content = json.dumps([version.status, version.change_note, steps], default=str,
                         ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
    return f"pb{version.playbook_id}-v{version.number}-{digest}"


def _lock_draft(version: PlaybookVersion, expected_tag: str | None) -> PlaybookVersion:
    """Inside the caller's transaction: lock the playbook (every edit of its versions
    does, so edits take turns), re-read the version, check it is still a draft and, when
    the caller names the state it read (``expected_tag``), that it is still that one."""
    Playbook.objects.select_for_update().get(pk=version.playbook_id)
    current = PlaybookVersion.objects.get(pk=version.pk)
    if expected_tag is not None and version_tag(current) != expected_tag:
        raise StaleDraft(current)
    _require_draft(current)
    return current


def _require_editor(actor) -> None:
    if not access.may_edit(actor):
        raise PermissionDenied(_("Only the directorate (Pusat) may edit playbooks."))


def _require_draft(version: PlaybookVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ActionNotAllowed(_(
            "Version %(n)d is %(status)s and cannot be changed; start a new draft."
        ) % {"n": version.number, "status": version.get_status_display().lower()})


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes", "ya")
    return bool(value)


def clean_step(data: dict, errors: Errors) -> dict:
    """A step's fields from raw input (form or JSON), with every problem recorded."""
    cleaned = {
        "title": errors.text(data.get("title"), field="title", max_length=200, required=True),
        "guidance": errors.text(data.get("guidance"), field="guidance", max_length=5000,
                                required=True),
        "evidence_expected": errors.text(data.get("evidence_expected"),
                                         field="evidence_expected", max_length=500),
        "legal_regulation": errors.text(data.get("legal_regulation"), field="legal_regulation",
                                        max_length=300),
        "legal_article": errors.text(data.get("legal_article"), field="legal_article",
                                     max_length=200),
        "legal_text": errors.text(data.get("legal_text"), field="legal_text", max_length=5000),
        "legal_verified": _flag(data.get("legal_verified")),
        "anchor": errors.choice(data.get("anchor") or Anchor.VERIFIED, Anchor, field="anchor"),
        "responsible_role": errors.choice(data.get("responsible_role") or Role.PENANGAN, Role,
                                          field="responsible_role"),
        "evidence_kind": errors.choice(data.get("evidence_kind"), AttachmentKind,
                                       field="evidence_kind", required=False),
    }
    level = data.get("responsible_level")
    try:
        level = int(level)
        UnitLevel(level)
    except (TypeError, ValueError):
        errors.add("responsible_level", _("Choose the level responsible for the step."))
        level = None
    cleaned["responsible_level"] = level
    offset = errors.count(data.get("offset_hours"), field="offset_hours",
                          maximum=MAX_OFFSET_HOURS)
    if offset is None and "offset_hours" not in errors.messages:
        errors.add("offset_hours", _("This field is required."))
    cleaned["offset_hours"] = offset
    if cleaned["legal_verified"] and not (cleaned["legal_regulation"]
                                          and cleaned["legal_article"]):
        errors.add("legal_verified",
                   _("Only a citation with both regulation and article can be marked checked."))
    if (cleaned["legal_article"] or cleaned["legal_text"]) and not cleaned["legal_regulation"]:
        errors.add("legal_regulation", _("Name the regulation the article belongs to."))
    return cleaned


def create_playbook(*, actor, category, title: str, alert_level=None,
                    description: str = "") -> Playbook:
    """A new playbook with an empty draft version 1."""
    _require_editor(actor)
    errors = Errors()
    title = errors.text(title, field="title", max_length=200, required=True)
    description = errors.text(description, field="description", max_length=5000)
    code = category.code if isinstance(category, Category) else str(category or "").strip()
    cat = Category.objects.filter(code=code, is_active=True).first() if code else None
    if cat is None:
        errors.add("category", _("Choose a category."))
    level = None
    if alert_level not in (None, ""):
        try:
            level = AlertLevel(int(alert_level)).value
        except (TypeError, ValueError):
            errors.add("alert_level", _("The alert level is 1, 2 or 3."))
    if cat is not None and "alert_level" not in errors.messages and Playbook.objects.filter(
            category=cat, alert_level=level).exists():
        errors.add("category", _("This category already has a playbook for that alert level."))
    errors.raise_if_any()
    with transaction.atomic():
        playbook = Playbook.objects.create(category=cat, alert_level=level, title=title,
                                           description=description)
        PlaybookVersion.objects.create(playbook=playbook, number=1, created_by=actor)
    return playbook


def update_playbook(*, actor, playbook: Playbook, title: str, description: str = "") -> Playbook:
    _require_editor(actor)
    errors = Errors()
    title = errors.text(title, field="title", max_length=200, required=True)
    description = errors.text(description, field="description", max_length=5000)
    errors.raise_if_any()
    playbook.title, playbook.description = title, description
    playbook.save(update_fields=["title", "description"])
    return playbook


def new_draft(*, actor, playbook: Playbook, change_note: str = "") -> PlaybookVersion:
    """A new draft copying the latest version's steps (the existing draft if there is one)."""
    _require_editor(actor)
    errors = Errors()
    change_note = errors.text(change_note, field="change_note", max_length=2000)
    errors.raise_if_any()
    with transaction.atomic():
        Playbook.objects.select_for_update().get(pk=playbook.pk)
        draft = playbook.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is not None:
            return draft
        latest = playbook.versions.order_by("-number").first()
        number = (latest.number if latest else 0) + 1
        draft = PlaybookVersion.objects.create(playbook=playbook, number=number,
                                               change_note=change_note, created_by=actor)
        if latest is not None:
            PlaybookStep.objects.bulk_create(
                PlaybookStep(version=draft, position=step.position,
                             **{f: getattr(step, f) for f in STEP_FIELDS})
                for step in latest.steps.order_by("position", "id")
            )
    return draft


def set_change_note(*, actor, version: PlaybookVersion, change_note: str,
                    expected_tag: str | None = None) -> PlaybookVersion:
    _require_editor(actor)
    _require_draft(version)
    errors = Errors()
    change_note = errors.text(change_note, field="change_note", max_length=2000)
    errors.raise_if_any()
    with transaction.atomic():
        _lock_draft(version, expected_tag)
        version.change_note = change_note
        version.save(update_fields=["change_note"])
    return version


def _renumber(version: PlaybookVersion) -> None:
    for position, step in enumerate(version.steps.order_by("position", "id"), start=1):
        if step.position != position:
            step.position = position
            step.save(update_fields=["position"])


def add_step(*, actor, version: PlaybookVersion, data: dict,
             expected_tag: str | None = None) -> PlaybookStep:
    """Append a step to a draft (``data`` holds the step's fields as typed)."""
    _require_editor(actor)
    _require_draft(version)
    errors = Errors()
    cleaned = clean_step(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        version = _lock_draft(version, expected_tag)
        last = version.steps.aggregate(m=Max("position"))["m"] or 0
        return PlaybookStep.objects.create(version=version, position=last + 1, **cleaned)


def _locked_step(step: PlaybookStep, expected_tag: str | None) -> PlaybookStep:
    _lock_draft(step.version, expected_tag)
    current = PlaybookStep.objects.filter(pk=step.pk).first()
    if current is None:
        raise NotFound(_("No such step."))
    return current


def update_step(*, actor, step: PlaybookStep, data: dict,
                expected_tag: str | None = None) -> PlaybookStep:
    _require_editor(actor)
    _require_draft(step.version)
    errors = Errors()
    cleaned = clean_step(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        _locked_step(step, expected_tag)
        for field, value in cleaned.items():
            setattr(step, field, value)
        # Only the step's fields: its position may have moved meanwhile.
        step.save(update_fields=list(cleaned))
    return step


def remove_step(*, actor, step: PlaybookStep, expected_tag: str | None = None) -> None:
    _require_editor(actor)
    version = step.version
    _require_draft(version)
    with transaction.atomic():
        _locked_step(step, expected_tag)
        step.delete()
        _renumber(version)


def move_step(*, actor, step: PlaybookStep, direction: str,
              expected_tag: str | None = None) -> PlaybookStep:
    """Swap a draft's step with its neighbour ("up" or "down")."""
    _require_editor(actor)
    version = step.version
    _require_draft(version)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a step up or down.")})
    with transaction.atomic():
        _locked_step(step, expected_tag)
        _renumber(version)
        step.refresh_from_db()
        target = step.position - 1 if direction == "up" else step.position + 1
        other = version.steps.filter(position=target).first()
        if other is None:
            return step
        other.position, step.position = step.position, target
        other.save(update_fields=["position"])
        step.save(update_fields=["position"])
    return step


def publish(*, actor, version: PlaybookVersion, change_note: str | None = None,
            expected_tag: str | None = None) -> PlaybookVersion:
    """Publish a draft: from now on it is attached to newly verified cases. The version
    published before is retired; cases that follow it keep it."""
    _require_editor(actor)
    _require_draft(version)
    errors = Errors()
    if change_note is not None:
        change_note = errors.text(change_note, field="change_note", max_length=2000)
    if not version.steps.exists():
        errors.add("steps", _("A playbook needs at least one step before it is published."))
    if version.number > 1 and not (change_note or version.change_note):
        errors.add("change_note", _("Say what changed in this version."))
    errors.raise_if_any()
    now = timezone.now()
    with transaction.atomic():
        current = _lock_draft(version, expected_tag)
        PlaybookVersion.objects.filter(
            playbook_id=version.playbook_id, status=VersionStatus.PUBLISHED
        ).update(status=VersionStatus.RETIRED, retired_at=now)
        version.status = VersionStatus.PUBLISHED
        version.published_at = now
        version.published_by = actor
        version.change_note = change_note or current.change_note
        version.save(update_fields=["status", "published_at", "published_by", "change_note"])
    return version


# --------------------------------------------------------------------------- applying


def find_version(case: Case) -> PlaybookVersion | None:
    """The published version that applies to the case: its sub-category's playbook before its
    category's, a playbook for its alert level before the general one."""
    codes = [c for c in (case.subcategory_id, case.category_id) if c]
    versions = list(
        PlaybookVersion.objects.filter(
            status=VersionStatus.PUBLISHED, playbook__category_id__in=codes,
        ).select_related("playbook")
    )

    def rank(version):
        playbook = version.playbook
        return (codes.index(playbook.category_id),
                0 if playbook.alert_level == case.alert_level else 1)

    versions = [v for v in versions
                if v.playbook.alert_level in (None, case.alert_level)]
    return min(versions, key=rank) if versions else None


def current_case_playbook(case: Case) -> CasePlaybook | None:
    return (CasePlaybook.objects.filter(case=case, detached_at__isnull=True)
            .select_related("version__playbook").first())


def _handling_started_at(case: Case) -> datetime | None:
    if case.status in (Status.DILAPORKAN, Status.TERVERIFIKASI):
        return None
    event = (CaseEvent.objects.filter(case=case, kind=EventKind.TRANSITION, action="start")
             .order_by("-created_at", "-id").first())
    return event.created_at if event else None


def anchor_time(case: Case, anchor: str, *, now: datetime | None = None) -> tuple[datetime, bool]:
    """(moment the deadline counts from, whether that moment has happened yet).

    An anchor still to come (handling not started) counts from now for the time
    being; the due date is moved when the event happens (``on_transition``).
    """
    now = now or timezone.now()
    if anchor == Anchor.REPORTED:
        return case.reported_at, True
    if anchor == Anchor.VERIFIED:
        return (case.verified_at, True) if case.verified_at else (now, False)
    started = _handling_started_at(case)
    return (started, True) if started else (now, False)


def due_date_for(step: PlaybookStep, case: Case, *, now: datetime | None = None):
    moment, _happened = anchor_time(case, step.anchor, now=now)
    return timezone.localtime(moment + timedelta(hours=step.offset_hours)).date()


def responsible_unit(step: PlaybookStep, case: Case) -> Unit:
    """The office at the step's level in the handling office's chain (the handling office
    itself when the step's level is at or below it)."""
    handling = case.handling_unit
    if step.responsible_level >= handling.level:
        return handling
    for ancestor in handling.ancestors():
        if ancestor.level == step.responsible_level and ancestor.is_active:
            return ancestor
    return handling


def _attach(*, actor, case: Case, version: PlaybookVersion, how: str,
            reason: str = "") -> CasePlaybook:
    """Attach inside the caller's transaction (the case row is already locked)."""
    case_playbook = CasePlaybook.objects.create(case=case, version=version, attached_by=actor,
                                                how=how)
    steps = list(version.steps.order_by("position", "id"))
    now = timezone.now()
    for step in steps:
        task = Task.objects.create(
            case=case, title=f"{step.position}. {step.title}"[:200],
            description=_("Playbook step: %(playbook)s v%(n)d. %(evidence)s") % {
                "playbook": version.playbook.title, "n": version.number,
                "evidence": (_("Evidence expected: %(e)s") % {"e": step.evidence_expected})
                if step.evidence_expected else ""},
            due_date=due_date_for(step, case, now=now),
            assignee_unit=responsible_unit(step, case), created_by=actor,
        )
        CaseStepProgress.objects.create(case_playbook=case_playbook, step=step, task=task)
    record_event(
        case=case, actor=actor, kind=EventKind.PLAYBOOK, action="attached", reason=reason,
        data={"case_playbook_id": case_playbook.pk, "playbook_id": version.playbook_id,
              "title": version.playbook.title, "version": version.number, "how": how,
              "steps": len(steps)},
    )
    return case_playbook


def attach_on_verification(*, actor, case: Case) -> CasePlaybook | None:
    """Called by ``perform_transition`` inside its transaction after ``verify``."""
    if current_case_playbook(case) is not None:
        return None
    version = find_version(case)
    if version is None:
        return None
    return _attach(actor=actor, case=case, version=version, how=AttachHow.AUTOMATIC)


def _reschedule_on_start(*, actor, case: Case) -> None:
    """Handling started: steps counted from it get their real due dates."""
    case_playbook = current_case_playbook(case)
    if case_playbook is None:
        return
    rows = list(case_playbook.progress.filter(
        status=StepStatus.PENDING, step__anchor=Anchor.HANDLING_STARTED,
        task__status=TaskStatus.OPEN).select_related("step", "task"))
    moved = []
    for row in rows:
        due = due_date_for(row.step, case)
        if row.task.due_date != due:
            moved.append({"task_id": row.task_id, "from": row.task.due_date.isoformat(),
                          "to": due.isoformat()})
            row.task.due_date = due
            row.task.save(update_fields=["due_date"])
    if moved:
        record_event(case=case, actor=actor, kind=EventKind.PLAYBOOK, action="rescheduled",
                     data={"tasks": moved})


def on_transition(*, actor, case: Case, action: str) -> None:
    """The workflow's hook (``selaras.cases.services.perform_transition``), same transaction."""
    if action == "verify":
        attach_on_verification(actor=actor, case=case)
    elif action == "start":
        _reschedule_on_start(actor=actor, case=case)


def _require_change(actor, case: Case) -> None:
    if not case_access.can(actor, "change", case):
        raise PermissionDenied(_("You may not handle this case."))


def _require_working(case: Case) -> None:
    if case.status == Status.DILAPORKAN:
        raise ActionNotAllowed(_("Verify the report before following a playbook on it."))
    if case.status not in WORKING_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))


def attach_playbook(*, actor, case: Case, version, reason: str = "") -> CasePlaybook:
    """An officer chooses the playbook (a published version) the case follows.

    Replacing the current one needs a reason; its open tasks are cancelled and the
    steps already done stay on record.
    """
    _require_change(actor, case)
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON)
    chosen = version if isinstance(version, PlaybookVersion) else None
    if chosen is None:
        try:
            chosen = PlaybookVersion.objects.filter(pk=int(version)).first()
        except (TypeError, ValueError):
            chosen = None
    if chosen is None or chosen.status != VersionStatus.PUBLISHED:
        errors.add("version", _("Choose a published playbook."))
    errors.raise_if_any()
    _require_working(case)
    with transaction.atomic():
        locked = lock_case(case)
        current = current_case_playbook(locked)
        if current is not None:
            if current.version_id == chosen.pk:
                raise ActionNotAllowed(_("The case already follows this playbook."))
            if not reason:
                raise ValidationError({"reason": _(
                    "Say why the case changes playbook (it already follows “%(title)s”).") % {
                    "title": current.version.playbook.title}})
            _detach(actor=actor, case=locked, case_playbook=current, reason=reason)
        return _attach(actor=actor, case=locked, version=chosen, how=AttachHow.CHOSEN,
                       reason=reason)


def _detach(*, actor, case: Case, case_playbook: CasePlaybook, reason: str) -> None:
    now = timezone.now()
    open_tasks = Task.objects.filter(
        playbook_step__case_playbook=case_playbook, playbook_step__status=StepStatus.PENDING,
        status=TaskStatus.OPEN)
    cancelled = list(open_tasks.values_list("pk", flat=True))
    for task in Task.objects.filter(pk__in=cancelled):
        task.status, task.closed_by = TaskStatus.CANCELLED, actor
        task.save(update_fields=["status", "closed_by"])
    case_playbook.detached_at, case_playbook.detached_by = now, actor
    case_playbook.detach_reason = reason
    case_playbook.save(update_fields=["detached_at", "detached_by", "detach_reason"])
    record_event(case=case, actor=actor, kind=EventKind.PLAYBOOK, action="detached",
                 reason=reason, data={"case_playbook_id": case_playbook.pk,
                                      "title": case_playbook.version.playbook.title,
                                      "version": case_playbook.version.number,
                                      "cancelled_tasks": cancelled})


def _step_data(row: CaseStepProgress) -> dict:
    return {"progress_id": row.pk, "position": row.step.position, "title": row.step.title,
            "task_id": row.task_id}


def _locked_pending(row: CaseStepProgress) -> CaseStepProgress:
    current = (CaseStepProgress.objects.select_for_update(of=("self",))
               .select_related("step", "task", "case_playbook").get(pk=row.pk))
    if current.case_playbook.detached_at is not None:
        raise ActionNotAllowed(_("The case no longer follows this playbook."))
    if current.status != StepStatus.PENDING:
        raise ActionNotAllowed(_("This step is already %(status)s.") % {
            "status": current.get_status_display().lower()})
    return current


def complete_step(*, actor, case: Case, progress: CaseStepProgress, note: str = "",
                  attachment=None) -> CaseStepProgress:
    """Mark a step done, optionally naming one of the case's attachments as its evidence.
    The handler of the case may, and so may the office the step's task is assigned to."""
    task = progress.task
    allowed = case_access.can(actor, "change", case) or (
        task is not None and is_assignee(actor, task) and case_access.can(actor, "view", case))
    if not allowed:
        raise PermissionDenied(_("You may not complete this step."))
    errors = Errors()
    note = errors.text(note, field="note", max_length=MAX_REASON)
    evidence = None
    if attachment not in (None, ""):
        raw = attachment.pk if isinstance(attachment, Attachment) else attachment
        try:
            evidence = Attachment.objects.filter(case=case, pk=int(raw)).first()
        except (TypeError, ValueError):
            evidence = None
        if evidence is None:
            errors.add("attachment", _("Choose one of this case's attachments."))
    errors.raise_if_any()
    _require_working(case)
    with transaction.atomic():
        lock_case(case)
        row = _locked_pending(progress)
        _mark_done(actor=actor, case=case, row=row, note=note, evidence=evidence)
    return row


def _mark_done(*, actor, case: Case, row: CaseStepProgress, note: str,
               evidence=None) -> None:
    """Inside the caller's transaction (case and step locked, step pending): the step is
    done, its task too if still open, and one ``step_completed`` event is written.

    Never calls back into ``selaras.handling.services``: the task is closed here directly,
    so completing a task (which calls ``on_task_closed``) cannot loop back."""
    now = timezone.now()
    row.status, row.done_at, row.done_by = StepStatus.DONE, now, actor
    row.note, row.evidence = note, evidence
    row.save(update_fields=["status", "done_at", "done_by", "note", "evidence"])
    if row.task is not None and row.task.status == TaskStatus.OPEN:
        row.task.status, row.task.done_at, row.task.closed_by = TaskStatus.DONE, now, actor
        row.task.save(update_fields=["status", "done_at", "closed_by"])
    data = _step_data(row)
    if evidence is not None:
        data.update(attachment_id=evidence.pk, file_name=evidence.original_name)
    if row.task is not None:
        data["on_time"] = timezone.localtime(now).date() <= row.task.due_date
    record_event(case=case, actor=actor, kind=EventKind.PLAYBOOK, action="step_completed",
                 reason=note, data=data)


def skip_step(*, actor, case: Case, progress: CaseStepProgress, reason: str) -> CaseStepProgress:
    """Skip a step that does not fit this case; the reason is required and goes on the
    timeline, and the step's task is cancelled."""
    _require_change(actor, case)
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON, required=True)
    errors.raise_if_any()
    _require_working(case)
    with transaction.atomic():
        lock_case(case)
        row = _locked_pending(progress)
        _mark_skipped(actor=actor, case=case, row=row, reason=reason)
    return row


def _mark_skipped(*, actor, case: Case, row: CaseStepProgress, reason: str) -> None:
    """Like ``_mark_done``: the step is skipped, its open task cancelled, one
    ``step_skipped`` event written; no call back into the handling services."""
    row.status, row.skip_reason = StepStatus.SKIPPED, reason
    row.done_at, row.done_by = timezone.now(), actor
    row.save(update_fields=["status", "skip_reason", "done_at", "done_by"])
    if row.task is not None and row.task.status == TaskStatus.OPEN:
        row.task.status, row.task.closed_by = TaskStatus.CANCELLED, actor
        row.task.save(update_fields=["status", "closed_by"])
    record_event(case=case, actor=actor, kind=EventKind.PLAYBOOK, action="step_skipped",
                 reason=reason, data=_step_data(row))


def on_task_closed(*, actor, case: Case, task: Task, note: str) -> CaseStepProgress | None:
    """The other direction: ``selaras.handling.services.complete_task`` / ``cancel_task``
    closed a task (inside their transaction, the case locked, the actor's right checked
    by the same rules as ``complete_step`` / ``skip_step``). If it is the task of a
    pending step of the playbook the case follows, the step follows it: a done task
    completes the step (its note becomes the step's note), a cancelled task skips it
    (its reason becomes the skip reason). Anything else is left as it is."""
    row = (CaseStepProgress.objects.select_for_update(of=("self",))
           .select_related("step", "task")
           .filter(task_id=task.pk, status=StepStatus.PENDING,
                   case_playbook__detached_at__isnull=True).first())
    if row is None:
        return None
    if row.task.status == TaskStatus.DONE:
        _mark_done(actor=actor, case=case, row=row, note=note)
    elif row.task.status == TaskStatus.CANCELLED:
        _mark_skipped(actor=actor, case=case, row=row, reason=note)
    else:
        return None
    return row
