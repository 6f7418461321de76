"""Escalation rules: remind the handling office of a missed deadline, then escalate.

``check_deadlines`` is one idempotent pass (a periodic job, see ``jobs.py``):

1. an open case whose deadline has passed gets a reminder: a timeline entry
   (kind "automation", action "reminder") saying which deadline was missed and by
   how much, and a notification to the handling office's heads and handlers;
2. if it is still overdue ``ESCALATION_GRACE_HOURS`` after the reminder, the
   system escalates it to the office above (the workflow's "escalate", with a
   reason saying which deadline was missed and by how much) and tells that office.

What was done is kept per missed deadline (``OverdueCase``), so a second pass does
nothing twice; a notification that failed is retried on the next pass (notify is
idempotent per dedupe key). A failing notification never undoes the timeline
entry or the escalation.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import formats, timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from selaras.cases import services
from selaras.cases.deadlines import STEP_BY_STATUS, deadline_step
from selaras.cases.models import Case, EventKind
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.org.models import Role

from .models import OverdueCase
from .notify import notify
from .system import system_user

logger = logging.getLogger(__name__)

STEP_LABELS = {
    "verify": gettext_lazy("verification"),
    "first_action": gettext_lazy("first handling action"),
    "resolve": gettext_lazy("resolution"),
}
WATCHED_STATUSES = ("dilaporkan", "terverifikasi", "ditangani")
OFFICE_ROLES = [Role.KEPALA, Role.PENANGAN]


def grace() -> timedelta:
    return timedelta(hours=max(0, int(getattr(settings, "ESCALATION_GRACE_HOURS", 24))))


def _grace_text() -> str:
    hours = int(grace().total_seconds() // 3600)
    return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def _missed(step: str, due_at, now) -> dict:
    return {
        "deadline": STEP_LABELS.get(step, step),
        "due": _when(due_at),
        "late": timesince(due_at, now, depth=2),
    }


def _current(record: OverdueCase) -> Case | None:
    """The case, if it still waits for the deadline this record is about."""
    return (Case.objects.select_related("handling_unit")
            .filter(pk=record.case_id, status=record.status, due_at=record.due_at).first())


# --------------------------------------------------------------------------- reminder


def remind(case: Case, *, now, actor) -> OverdueCase | None:
    """Record the reminder of one missed deadline (once); None if another pass did it."""
    step = deadline_step(case)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _(
            "The deadline for %(deadline)s (%(due)s) was missed by %(late)s. The handling "
            "office was reminded; if nothing changes within %(grace)s the case is escalated "
            "automatically to the office above."
        ) % {**_missed(step, case.due_at, now), "grace": _grace_text()}
    try:
        with transaction.atomic():
            record = OverdueCase.objects.create(case=case, status=case.status,
                                                due_at=case.due_at, reminded_at=now)
            services.record_event(
                case=case, actor=actor, kind=EventKind.AUTOMATION, action="reminder",
                to_unit=case.handling_unit, reason=reason,
                data={"step": step, "due_at": case.due_at.isoformat(),
                      "overdue_seconds": int((now - case.due_at).total_seconds())},
            )
    except IntegrityError:
        return None  # another pass reminded this deadline already
    return record


def notify_reminder(record: OverdueCase, case: Case, now) -> bool:
    step = STEP_BY_STATUS.get(record.status)
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_missed(step, record.due_at, now), "number": case.number,
                  "title": case.title}
        subject = _("Overdue: %(number)s — %(deadline)s was due %(due)s") % values
        body = _("Case %(number)s (%(title)s) missed the deadline for %(deadline)s "
                 "(%(due)s) by %(late)s. Please act on it.") % values
    notify(unit=case.handling_unit, roles=OFFICE_ROLES, kind="deadline_reminder", case=case,
           subject=subject, body=body, dedupe_key=f"deadline-reminder:{record.pk}")
    record.reminder_notified_at = now
    record.save(update_fields=["reminder_notified_at"])
    return True


# --------------------------------------------------------------------------- escalation


def escalate(record: OverdueCase, *, now, actor) -> Case | None:
    """Escalate the case of an overdue record to the office above (once)."""
    with transaction.atomic():
        record = OverdueCase.objects.select_for_update().get(pk=record.pk)
        if record.escalated_at or record.escalation_skipped:
            return None
        case = _current(record)
        if case is None:
            return None
        if case.handling_unit.parent_id is None:
            record.escalation_skipped = "no office above the handling office"
            record.save(update_fields=["escalation_skipped"])
            return None
        with translation.override(settings.LANGUAGE_CODE):
            reason = _(
                "escalated automatically: missed the deadline for %(deadline)s (%(due)s) by "
                "%(late)s; the handling office was reminded on %(reminded)s."
            ) % {**_missed(deadline_step(case), record.due_at, now),
                 "reminded": _when(record.reminded_at)}
        try:
            # The office above hears of it once, through the specific auto_escalated
            # notice (notify_escalation), not also through the generic case_assigned.
            case = services.perform_transition(actor=actor, case=case, action="escalate",
                                               reason=reason, notify_arrival=False)
        except (ActionNotAllowed, PermissionDenied, ValidationError) as exc:
            record.escalation_skipped = str(getattr(exc, "message", exc))[:200]
            record.save(update_fields=["escalation_skipped"])
            logger.warning("case %s not escalated automatically: %s", record.case_id, exc)
            return None
        record.escalated_at = now
        record.save(update_fields=["escalated_at"])
    return case


def notify_escalation(record: OverdueCase, case: Case, now) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        values = {**_missed(STEP_BY_STATUS.get(record.status), record.due_at, now),
                  "number": case.number, "title": case.title}
        subject = _("Escalated to your office: %(number)s") % values
        body = _("Case %(number)s (%(title)s) was escalated automatically to your office: "
                 "the deadline for %(deadline)s (%(due)s) was missed by %(late)s.") % values
    notify(unit=case.handling_unit, roles=OFFICE_ROLES, kind="auto_escalated", case=case,
           subject=subject, body=body, dedupe_key=f"deadline-escalation:{record.pk}")
    record.escalation_notified_at = now
    record.save(update_fields=["escalation_notified_at"])


# --------------------------------------------------------------------------- the pass


def _safely(what: str, fn, *args, **kwargs) -> bool:
    try:
        fn(*args, **kwargs)
        return True
    except Exception:  # noqa: BLE001 - a failing notification must not stop the pass
        logger.exception("automation: %s failed", what)
        return False


def check_deadlines(now=None) -> dict:
    """One pass over overdue cases: remind, escalate after the grace, retry notifications."""
    now = now or timezone.now()
    actor = system_user()
    summary = {"reminded": 0, "escalated": 0, "notified": 0, "notify_failed": 0}

    already = OverdueCase.objects.filter(case=OuterRef("pk"), status=OuterRef("status"),
                                         due_at=OuterRef("due_at"))
    to_remind = (Case.objects.filter(status__in=WATCHED_STATUSES, due_at__lt=now)
                 .filter(~Exists(already)).select_related("handling_unit").order_by("due_at"))
    for case in to_remind.iterator(chunk_size=200):
        record = remind(case, now=now, actor=actor)
        if record is None:
            continue
        summary["reminded"] += 1
        if _safely(f"reminder for {case.number}", notify_reminder, record, case, now):
            summary["notified"] += 1
        else:
            summary["notify_failed"] += 1

    live = OverdueCase.objects.filter(case__status=F("status"), case__due_at=F("due_at"))
    # Reminders whose notification failed earlier: try again (same dedupe key).
    for record in live.filter(reminded_at__isnull=False, reminder_notified_at__isnull=True,
                              reminded_at__lt=now).select_related("case__handling_unit"):
        if _safely(f"reminder retry for {record.case_id}", notify_reminder, record,
                   record.case, now):
            summary["notified"] += 1
        else:
            summary["notify_failed"] += 1

    # Escalation notices that failed earlier: try again (same dedupe key).
    for record in OverdueCase.objects.filter(
        escalated_at__isnull=False, escalated_at__lt=now, escalation_notified_at__isnull=True,
    ).select_related("case__handling_unit"):
        if _safely(f"escalation notice retry for {record.case_id}", notify_escalation, record,
                   record.case, now):
            summary["notified"] += 1
        else:
            summary["notify_failed"] += 1

    due_for_escalation = live.filter(
        reminded_at__lte=now - grace(), escalated_at__isnull=True, escalation_skipped="",
    ).order_by("due_at")
    for record in due_for_escalation.iterator(chunk_size=200):
        case = escalate(record, now=now, actor=actor)
        if case is None:
            continue
        summary["escalated"] += 1
        record.refresh_from_db()
        if _safely(f"escalation notice for {case.number}", notify_escalation, record, case,
                   now):
            summary["notified"] += 1
        else:
            summary["notify_failed"] += 1
    return summary
