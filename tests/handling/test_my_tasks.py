from datetime import timedelta

from django.utils import timezone

from selaras.cases import services as case_services
from selaras.handling import services
from selaras.handling.models import Task
from selaras.handling.selectors import my_tasks


def make_task(case, actor, title, days, **assignee):
    task = services.create_task(actor=actor, case=case, title=title,
                                due_date=timezone.localdate() + timedelta(days=max(days, 0)),
                                **assignee)
    if days < 0:
        # Tasks cannot be created overdue; age it as the calendar would.
        Task.objects.filter(pk=task.pk).update(
            due_date=timezone.localdate() + timedelta(days=days))
    return task


def titles(user, **kwargs):
    return [t.title for t in my_tasks(user, **kwargs)]


def test_my_tasks_are_mine_and_my_offices(handled_case, kepala, penangan, make_user):
    colleague = make_user("own", "penangan")
    kua = make_user("child", "penangan")
    kua_analyst = make_user("child", "analis")
    make_task(handled_case, kepala, "for me", 3, assignee_user=penangan)
    make_task(handled_case, kepala, "for my colleague", 3, assignee_user=colleague)
    make_task(handled_case, kepala, "for my office", 3, assignee_unit="3273")
    make_task(handled_case, kepala, "for the KUA", 3, assignee_unit="327301")
    assert set(titles(penangan)) == {"for me", "for my office"}
    assert titles(kua) == ["for the KUA"]
    assert titles(kua_analyst) == []  # analysts hold no tasks through their office


def test_open_first_overdue_first_then_by_due_date(handled_case, kepala, penangan):
    done = make_task(handled_case, kepala, "done", -10, assignee_user=penangan)
    services.complete_task(actor=penangan, task=done)
    make_task(handled_case, kepala, "later", 9, assignee_user=penangan)
    make_task(handled_case, kepala, "overdue by a day", -1, assignee_user=penangan)
    make_task(handled_case, kepala, "soon", 1, assignee_user=penangan)
    make_task(handled_case, kepala, "overdue by a week", -7, assignee_user=penangan)
    cancelled = make_task(handled_case, kepala, "cancelled", 2, assignee_user=penangan)
    services.cancel_task(actor=kepala, task=cancelled, reason="Tidak perlu")

    assert titles(penangan) == ["overdue by a week", "overdue by a day", "soon", "later",
                                "done", "cancelled"]
    assert titles(penangan, open_only=True) == ["overdue by a week", "overdue by a day",
                                                "soon", "later"]


def test_tasks_on_cases_one_cannot_see_are_not_listed(handled_case, kepala, make_user):
    kua = make_user("child", "penangan")
    make_task(handled_case, kepala, "cek lokasi", 3, assignee_unit="327301")
    assert titles(kua) == ["cek lokasi"]
    # Marked confidential: only the handling office and those above it see the case now.
    case_services.update_case(actor=kepala, case=handled_case, changes={"confidential": True})
    kua = type(kua).objects.get(pk=kua.pk)  # fresh user, no cached grants
    assert titles(kua) == []
