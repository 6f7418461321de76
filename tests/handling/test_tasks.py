import pytest
from django.utils import timezone

from selaras.cases.models import CaseEvent
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.handling import services
from selaras.handling.models import Task, TaskStatus


def task_events(case):
    return list(CaseEvent.objects.filter(case=case, kind="task").order_by("id"))


def test_a_task_for_a_person_writes_its_event(handled_case, kepala, penangan, next_week):
    task = services.create_task(actor=kepala, case=handled_case, title="Undang kedua pihak",
                                due_date=next_week, assignee_user=penangan)
    assert task.status == TaskStatus.OPEN and task.assignee_user == penangan
    [event] = task_events(handled_case)
    assert event.action == "created"
    assert event.data["assignee_user_id"] == penangan.pk
    assert event.data["due_date"] == next_week.isoformat()


def test_a_task_for_an_office_below_the_handling_unit(handled_case, kepala, unit, next_week):
    task = services.create_task(actor=kepala, case=handled_case, title="Cek lokasi",
                                due_date=next_week.isoformat(), assignee_unit="327301")
    assert task.assignee_unit == unit("child")
    assert task_events(handled_case)[0].data["assignee_unit"] == "327301"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"assignee_user": None}, "assignee"),
     ({"assignee_unit": "327301"}, "assignee"),  # both
     ({"title": " "}, "title"),
     ({"due_date": "2020-01-01"}, "due_date"),
     ({"due_date": "besok"}, "due_date")],
)
def test_bad_task_input_is_refused_and_nothing_written(handled_case, kepala, penangan,
                                                       next_week, kwargs, field):
    fields = {"title": "Rapat", "due_date": next_week, "assignee_user": penangan}
    fields.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=kepala, case=handled_case, **fields)
    assert field in exc.value.message_dict
    assert not Task.objects.exists() and task_events(handled_case) == []


@pytest.mark.parametrize(
    ("field", "value_of"),
    [("assignee_user", lambda make_user: make_user("sibling", "penangan")),
     ("assignee_user", lambda make_user: make_user("own", "analis")),
     ("assignee_user", lambda make_user: 999999),
     ("assignee_unit", lambda make_user: "3204"),  # sibling office
     ("assignee_unit", lambda make_user: "317101"),  # a KUA in another province
     ("assignee_unit", lambda make_user: "nowhere")],
)
def test_assignee_must_be_able_to_work_on_the_case(handled_case, kepala, make_user, next_week,
                                                   field, value_of):
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=kepala, case=handled_case, title="Rapat",
                             due_date=next_week, **{field: value_of(make_user)})
    assert field in exc.value.message_dict
    assert not Task.objects.exists()


def test_a_task_for_an_office_above_the_handling_unit(handled_case, kepala, next_week):
    task = services.create_task(actor=kepala, case=handled_case, title="Laporkan ke Kanwil",
                                due_date=next_week, assignee_unit="32")
    assert task.assignee_unit.code == "32"


def test_the_assignee_may_complete_their_task(handled_case, kepala, make_user, next_week):
    kua = make_user("child", "penangan")  # cannot handle the case, but sees it (its district)
    task = services.create_task(actor=kepala, case=handled_case, title="Cek lokasi",
                                due_date=next_week, assignee_unit="327301")
    services.complete_task(actor=kua, task=task, note="Lokasi aman")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_at is not None
    assert task.closed_by == kua
    done = task_events(handled_case)[-1]
    assert (done.action, done.reason, done.actor) == ("completed", "Lokasi aman", kua)


def test_a_task_is_closed_only_once(handled_case, penangan, next_week):
    task = services.create_task(actor=penangan, case=handled_case, title="Rapat",
                                due_date=next_week, assignee_user=penangan)
    services.complete_task(actor=penangan, task=task)
    with pytest.raises(ActionNotAllowed):
        services.cancel_task(actor=penangan, task=task, reason="Batal")
    assert [e.action for e in task_events(handled_case)] == ["created", "completed"]


def test_cancelling_needs_a_reason(handled_case, penangan, next_week):
    task = services.create_task(actor=penangan, case=handled_case, title="Rapat",
                                due_date=next_week, assignee_user=penangan)
    with pytest.raises(ValidationError) as exc:
        services.cancel_task(actor=penangan, task=task, reason="")
    assert "reason" in exc.value.message_dict
    services.cancel_task(actor=penangan, task=task, reason="Sudah tidak relevan")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.done_at is None


def test_an_assignee_may_not_cancel_what_they_cannot_handle(handled_case, kepala, make_user,
                                                            next_week):
    kua = make_user("child", "penangan")
    task = services.create_task(actor=kepala, case=handled_case, title="Cek lokasi",
                                due_date=next_week, assignee_unit="327301")
    with pytest.raises(PermissionDenied):
        services.cancel_task(actor=kua, task=task, reason="Tidak mau")


def test_overdue_is_an_open_task_past_its_due_date(handled_case, penangan, next_week):
    task = services.create_task(actor=penangan, case=handled_case, title="Rapat",
                                due_date=next_week, assignee_user=penangan)
    assert not task.is_overdue
    task.due_date = timezone.localdate() - timezone.timedelta(days=1)
    assert task.is_overdue
    task.status = TaskStatus.DONE
    assert not task.is_overdue
