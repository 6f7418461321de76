"""A playbook step and its handling task move together, whichever side is acted on.

Step → task (complete_step / skip_step) closes the task with no task event; task → step
(complete_task / cancel_task, also through the API) writes the task event and the one
playbook event complete_step / skip_step would write. Who may do what is unchanged.
"""

import pytest

from selaras.cases import services as case_services
from selaras.cases.models import Case, CaseEvent
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.handling import services as handling
from selaras.handling.models import Task, TaskStatus
from selaras.playbooks import services
from selaras.playbooks.models import StepStatus
from selaras.playbooks.services import current_case_playbook
from tests.api.conftest import ApiClient


def _row(case, title="Musyawarah"):
    return current_case_playbook(case).progress.select_related("step", "task").get(
        step__title=title)


def _events(case, kind):
    return list(CaseEvent.objects.filter(case=case, kind=kind).order_by("id")
                .values_list("action", flat=True))


def _step_events(case):
    return [a for a in _events(case, "playbook") if a.startswith("step_")]


def _version(case):
    return Case.objects.get(pk=case.pk).version


# --------------------------------------------------------------------------- task → step


def test_completing_the_task_completes_the_step_once(verified_case, kepala):
    row = _row(verified_case)
    version = _version(verified_case)
    handling.complete_task(actor=kepala, task=row.task, note="Musyawarah di balai RW.")
    row.refresh_from_db()
    assert row.status == StepStatus.DONE and row.done_by == kepala and row.done_at
    assert row.note == "Musyawarah di balai RW."
    assert row.task.status == TaskStatus.DONE
    assert _events(verified_case, "task") == ["completed"]
    assert _step_events(verified_case) == ["step_completed"]
    event = CaseEvent.objects.get(case=verified_case, kind="playbook", action="step_completed")
    assert event.actor == kepala and event.reason == "Musyawarah di balai RW."
    assert event.data["task_id"] == row.task_id and event.data["title"] == "Musyawarah"
    assert event.data["on_time"] is True
    assert _version(verified_case) == version + 1  # one write, one version
    other = _row(verified_case, "Pendapat FKUB")
    assert other.status == StepStatus.PENDING and other.task.status == TaskStatus.OPEN


def test_cancelling_the_task_skips_the_step_with_its_reason(verified_case, kepala):
    row = _row(verified_case)
    handling.cancel_task(actor=kepala, task=row.task, reason="Sudah dimusyawarahkan warga.")
    row.refresh_from_db()
    assert row.status == StepStatus.SKIPPED and row.skip_reason == "Sudah dimusyawarahkan warga."
    assert row.done_by == kepala
    assert row.task.status == TaskStatus.CANCELLED
    assert _events(verified_case, "task") == ["cancelled"]
    assert _step_events(verified_case) == ["step_skipped"]
    event = CaseEvent.objects.get(case=verified_case, kind="playbook", action="step_skipped")
    assert event.reason == "Sudah dimusyawarahkan warga."


def test_cancelling_without_a_reason_changes_neither(verified_case, kepala):
    row = _row(verified_case)
    version = _version(verified_case)
    with pytest.raises(ValidationError) as exc:
        handling.cancel_task(actor=kepala, task=row.task, reason="   ")
    assert "reason" in exc.value.message_dict
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING and row.task.status == TaskStatus.OPEN
    assert _step_events(verified_case) == [] and _events(verified_case, "task") == []
    assert _version(verified_case) == version


def test_a_failing_step_update_undoes_the_task_change(verified_case, kepala, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_mark_done", broken)
    row = _row(verified_case)
    with pytest.raises(RuntimeError):
        handling.complete_task(actor=kepala, task=row.task)
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING and row.task.status == TaskStatus.OPEN
    assert _events(verified_case, "task") == []


def test_a_task_without_a_step_writes_no_playbook_event(verified_case, kepala):
    import datetime as dt

    from django.utils import timezone

    task = handling.create_task(actor=kepala, case=verified_case, title="Rapat koordinasi",
                                due_date=timezone.localdate() + dt.timedelta(days=7),
                                assignee_user=kepala)
    handling.complete_task(actor=kepala, task=task)
    assert _step_events(verified_case) == []
    assert current_case_playbook(verified_case).progress.filter(
        status=StepStatus.PENDING).count() == 3


# --------------------------------------------------------------------------- step → task


def test_completing_the_step_closes_the_task_without_a_second_event(verified_case, kepala):
    row = services.complete_step(actor=kepala, case=verified_case, progress=_row(verified_case))
    row.task.refresh_from_db()
    assert row.task.status == TaskStatus.DONE and row.task.closed_by == kepala
    assert _step_events(verified_case) == ["step_completed"]
    assert _events(verified_case, "task") == []
    with pytest.raises(ActionNotAllowed):
        handling.complete_task(actor=kepala, task=row.task)
    with pytest.raises(ActionNotAllowed):
        handling.cancel_task(actor=kepala, task=row.task, reason="x")
    assert _step_events(verified_case) == ["step_completed"]
    assert _events(verified_case, "task") == []


def test_skipping_the_step_cancels_the_task_without_a_second_event(verified_case, kepala):
    row = services.skip_step(actor=kepala, case=verified_case, progress=_row(verified_case),
                             reason="Tidak relevan untuk kasus ini.")
    row.task.refresh_from_db()
    assert row.task.status == TaskStatus.CANCELLED
    assert _step_events(verified_case) == ["step_skipped"]
    with pytest.raises(ActionNotAllowed):
        handling.complete_task(actor=kepala, task=row.task)
    assert _step_events(verified_case) == ["step_skipped"]
    assert _events(verified_case, "task") == []


def test_a_step_closed_through_its_task_is_not_closed_again(verified_case, kepala):
    row = _row(verified_case)
    handling.complete_task(actor=kepala, task=row.task)
    with pytest.raises(ActionNotAllowed):
        services.complete_step(actor=kepala, case=verified_case, progress=row)
    with pytest.raises(ActionNotAllowed):
        services.skip_step(actor=kepala, case=verified_case, progress=row, reason="x")
    assert _step_events(verified_case) == ["step_completed"]
    assert _events(verified_case, "task") == ["completed"]


# --------------------------------------------------------------------------- permissions


def test_a_reporter_may_not_close_the_task_and_the_step_stays(verified_case, make_user):
    pelapor = make_user("own", "pelapor")
    row = _row(verified_case)
    with pytest.raises(PermissionDenied):
        handling.complete_task(actor=pelapor, task=row.task)
    with pytest.raises(PermissionDenied):
        handling.cancel_task(actor=pelapor, task=row.task, reason="x")
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING and row.task.status == TaskStatus.OPEN
    assert _step_events(verified_case) == []


@pytest.fixture
def escalated(verified_case, kepala):
    """The case moved up to the Kanwil; the steps' tasks stay with the Kankemenag, whose
    handlers still see the case but may no longer handle it."""
    return case_services.perform_transition(actor=kepala, case=verified_case, action="escalate",
                                            reason="Perlu ditangani Kanwil.")


def test_the_assignee_office_may_complete_but_not_cancel(escalated, penangan):
    row = _row(escalated)
    assert row.task.assignee_unit.code == "3273"
    with pytest.raises(PermissionDenied):  # as skip_step: only who handles the case
        handling.cancel_task(actor=penangan, task=row.task, reason="Tidak perlu.")
    with pytest.raises(PermissionDenied):
        services.skip_step(actor=penangan, case=escalated, progress=row, reason="Tidak perlu.")
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING
    handling.complete_task(actor=penangan, task=row.task, note="Sudah dilaksanakan.")
    row.refresh_from_db()
    assert row.status == StepStatus.DONE and row.done_by == penangan
    assert _step_events(escalated) == ["step_completed"]


# --------------------------------------------------------------------------- API


def test_api_complete_and_cancel_move_the_steps(verified_case, kepala):
    api = ApiClient(kepala)
    first, second = _row(verified_case), _row(verified_case, "Pendapat FKUB")
    base = f"/api/v1/cases/{verified_case.number}/tasks"
    response = api.post(f"{base}/{first.task_id}/complete", {"note": "Selesai."})
    assert response.status_code == 200, response.content
    response = api.post(f"{base}/{second.task_id}/cancel", {"reason": "Tidak diperlukan."})
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == StepStatus.DONE and second.status == StepStatus.SKIPPED
    assert second.skip_reason == "Tidak diperlukan."
    assert _step_events(verified_case) == ["step_completed", "step_skipped"]
    response = api.post(f"{base}/{first.task_id}/complete", {})
    assert response.status_code == 409
    assert _step_events(verified_case) == ["step_completed", "step_skipped"]
    assert Task.objects.get(pk=first.task_id).status == TaskStatus.DONE
