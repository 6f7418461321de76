"""Each step's task is due at its anchor event + offset, and assigned to the office at the
step's level in the handling office's chain."""

from datetime import timedelta

from django.utils import timezone

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent
from selaras.playbooks.services import current_case_playbook


def _rows(case):
    cp = current_case_playbook(case)
    return {row.step.title: row for row in cp.progress.select_related("step", "task",
                                                                         "task__assignee_unit")}


def local_day(moment):
    return timezone.localtime(moment).date()


def test_due_dates_follow_the_anchor_event(make_case, kepala, playbook):
    reported = timezone.now() - timedelta(days=5)
    case = make_case(reported_at=reported, occurred_at=reported - timedelta(days=1))
    case = case_services.perform_transition(actor=kepala, case=case, action="verify")
    rows = _rows(case)
    assert rows["Musyawarah"].task.due_date == local_day(case.verified_at + timedelta(hours=72))
    # Counted from the report: already past, so the task is overdue from the start.
    assert rows["Pendapat FKUB"].task.due_date == local_day(reported + timedelta(hours=24))
    assert rows["Pendapat FKUB"].task.is_overdue


def test_steps_counted_from_handling_start_are_redated_when_it_starts(verified_case, kepala):
    case = case_services.perform_transition(actor=kepala, case=verified_case, action="start")
    started = CaseEvent.objects.get(case=case, kind="transition", action="start").created_at
    row = _rows(case)["Pengadilan"]
    assert row.task.due_date == local_day(started + timedelta(hours=48))


def test_task_goes_to_the_office_at_the_steps_level(verified_case, unit):
    rows = _rows(verified_case)
    handling = verified_case.handling_unit
    assert handling.code == "3273"
    # A KUA-level step on a case the Kankemenag handles stays with the handling office.
    assert rows["Musyawarah"].task.assignee_unit == handling
    assert rows["Pendapat FKUB"].task.assignee_unit == handling
    # A Kanwil-level step goes up the chain to the Kanwil.
    assert rows["Pengadilan"].task.assignee_unit == unit("kanwil")
