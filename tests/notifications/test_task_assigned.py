"""Assigning a task tells the assignee (a person, or an office's heads and handlers)."""

from datetime import timedelta

from django.utils import timezone

from selaras.handling import services as handling
from selaras.notifications.models import Notification


def test_person_assignee_is_notified_not_the_assigner(make_user, make_case, committed):
    head = make_user("own", "kepala")
    handler = make_user("own", "penangan")
    case = make_case(alert_level=2)
    with committed():
        task = handling.create_task(actor=head, case=case, title="Temui pengurus masjid",
                                    due_date=timezone.localdate() + timedelta(days=3),
                                    assignee_user=handler)
    [note] = Notification.objects.filter(kind="task_assigned")
    assert note.user == handler and note.case == case
    assert "Temui pengurus masjid" in note.subject
    assert note.dedupe_key == f"task_assigned:{task.pk}"


def test_office_assignee_notifies_its_heads_and_handlers(make_user, make_case, committed):
    head = make_user("own", "kepala")
    kua_head = make_user("child", "kepala")
    kua_handler = make_user("child", "penangan")
    make_user("child", "analis")
    case = make_case(alert_level=2)
    with committed():
        handling.create_task(actor=head, case=case, title="Pantau lokasi",
                             due_date=timezone.localdate() + timedelta(days=3),
                             assignee_unit="327301")
    notified = set(Notification.objects.filter(kind="task_assigned")
                   .values_list("user_id", flat=True))
    assert notified == {kua_head.pk, kua_handler.pk}
