"""Verifying a case attaches its category's published playbook; its steps become tasks."""

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent
from selaras.handling.models import Task, TaskStatus
from selaras.playbooks.models import AttachHow, CasePlaybook, CaseStepProgress
from selaras.playbooks.services import current_case_playbook

from .conftest import step_data


def test_verification_attaches_published_playbook_with_one_task_per_step(verified_case, playbook):
    cp = current_case_playbook(verified_case)
    assert cp is not None and cp.version.playbook == playbook and cp.how == AttachHow.AUTOMATIC
    rows = list(CaseStepProgress.objects.filter(case_playbook=cp).select_related("task", "step"))
    assert len(rows) == 3
    assert all(r.task.case_id == verified_case.pk and r.task.status == TaskStatus.OPEN
               for r in rows)
    event = CaseEvent.objects.get(case=verified_case, kind="playbook", action="attached")
    assert event.data["steps"] == 3 and event.data["version"] == 1


def test_no_playbook_for_the_category_attaches_nothing(make_case, kepala, playbook):
    case = make_case(category="pemakaman")
    case_services.perform_transition(actor=kepala, case=case, action="verify")
    assert not CasePlaybook.objects.filter(case=case).exists()
    assert not Task.objects.filter(case=case).exists()


def test_level_specific_playbook_wins_over_the_general_one(make_case, kepala, make_playbook):
    make_playbook(title="Umum")
    make_playbook(title="Siaga", alert_level=2, steps=[step_data("Khusus level 2")])
    case = case_services.perform_transition(actor=kepala, case=make_case(alert_level=2),
                                            action="verify")
    assert current_case_playbook(case).version.playbook.title == "Siaga"
    other = case_services.perform_transition(actor=kepala, case=make_case(alert_level=1),
                                             action="verify")
    assert current_case_playbook(other).version.playbook.title == "Umum"


def test_a_draft_is_never_attached(make_case, kepala, editor):
    from selaras.playbooks import services

    pb = services.create_playbook(actor=editor, category="rumah_ibadah", title="Draf")
    services.add_step(actor=editor, version=pb.versions.get(), data=step_data("Langkah"))
    case = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    assert current_case_playbook(case) is None
