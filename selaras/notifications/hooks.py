"""Where case services tell the notifications app that something happened.

Services call these inside their transaction with one line each; the notification
itself is written after the commit (``robust``: a failure here is logged and never
undoes or breaks the case change). Inside ``quiet.silenced()`` (imports) nothing is
queued.
"""

import logging

from django.db import transaction

from .quiet import is_silenced

logger = logging.getLogger(__name__)

# Who hears that a case arrived at their office.
RECEIVING_ROLES = ("kepala", "penangan")


def case_arrived(*, case, actor=None, action: str = "created", from_unit=None) -> None:
    """The case is now handled by ``case.handling_unit`` (intake routing, escalate,
    delegate, take over): tell that office's heads and handlers, except the actor."""
    if is_silenced() or (from_unit is not None and from_unit.pk == case.handling_unit_id):
        return
    case_id, version = case.pk, case.version
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(
        lambda: notify_case_assigned(case_id, version=version, action=action, actor_id=actor_id),
        robust=True,
    )


def notify_case_assigned(case_id: int, *, version: int, action: str, actor_id=None) -> list:
    from django.utils import translation

    from selaras.cases.models import Case

    from .models import Kind
    from .services import notify, unit_recipients

    case = Case.objects.select_related("handling_unit", "category").filter(pk=case_id).first()
    if case is None:
        return []
    recipients = [u for u in unit_recipients(case.handling_unit, RECEIVING_ROLES)
                  if u.pk != actor_id]
    with translation.override("id"):
        subject, body = _assigned_text(case, action)
    return notify(
        recipients=recipients, kind=Kind.CASE_ASSIGNED, case=case, subject=subject, body=body,
        dedupe_key=f"case_assigned:{case.pk}:v{version}",
    )


def _assigned_text(case, action: str) -> tuple[str, str]:
    from django.utils.translation import gettext as _

    why = {
        "created": _("A new report was routed to your office."),
        "escalate": _("The case was escalated to your office."),
        "delegate": _("The case was delegated to your office."),
        "take_over": _("Your office took the case over."),
    }.get(action, _("The case is now handled by your office."))
    subject = _("Case %(number)s: %(title)s") % {"number": case.number, "title": case.title}
    body = "\n".join([
        why,
        _("Case: %(number)s — %(title)s") % {"number": case.number, "title": case.title},
        _("Category: %(category)s") % {"category": case.category.name},
        _("Alert level: %(level)s") % {"level": case.get_alert_level_display()},
        _("Status: %(status)s") % {"status": case.get_status_display()},
    ])
    return subject[:250], body


def task_assigned(*, task, actor=None) -> None:
    """A task was given to a person (tell them) or an office (tell its heads and handlers)."""
    if is_silenced():
        return
    task_id = task.pk
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: notify_task_assigned(task_id, actor_id=actor_id), robust=True)


def notify_task_assigned(task_id: int, *, actor_id=None) -> list:
    from django.utils import formats, translation
    from django.utils.translation import gettext as _

    from selaras.handling.models import Task

    from .models import Kind
    from .services import notify, unit_recipients

    task = Task.objects.select_related("case", "assignee_user", "assignee_unit").filter(
        pk=task_id).first()
    if task is None:
        return []
    if task.assignee_user_id:
        recipients = [task.assignee_user]
    else:
        recipients = list(unit_recipients(task.assignee_unit, RECEIVING_ROLES))
    recipients = [u for u in recipients if u.pk != actor_id]
    case = task.case
    with translation.override("id"):
        subject = _("Task on case %(number)s: %(title)s") % {"number": case.number,
                                                            "title": task.title}
        body = "\n".join([
            _("A task was assigned to you.") if task.assignee_user_id
            else _("A task was assigned to your office."),
            _("Task: %(title)s") % {"title": task.title},
            _("Due: %(date)s") % {"date": formats.date_format(task.due_date, "j F Y")},
            _("Case: %(number)s — %(title)s") % {"number": case.number, "title": case.title},
        ])
    return notify(recipients=recipients, kind=Kind.TASK_ASSIGNED, case=case,
                  subject=subject[:250], body=body, dedupe_key=f"task_assigned:{task.pk}")
