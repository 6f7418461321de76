"""An automatic escalation tells the office above once, with the specific
``auto_escalated`` notice, not also with the generic ``case_assigned``; a person who
escalates by hand still triggers ``case_assigned``."""

from selaras.cases import services
from selaras.notifications.models import Notification


def test_automatic_escalation_gives_the_parent_head_exactly_one_notice(
    make_case, make_user, clock, settings, django_capture_on_commit_callbacks
):
    from selaras.automation.rules import check_deadlines

    settings.ESCALATION_GRACE_HOURS = 1
    kanwil_head = make_user("kanwil", "kepala")
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        check_deadlines()
    clock.after(case.due_at, hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        summary = check_deadlines()
    assert summary["escalated"] == 1
    case.refresh_from_db()
    assert case.handling_unit.code == "32"
    notes = Notification.objects.filter(case=case, user=kanwil_head)
    assert list(notes.values_list("kind", flat=True)) == ["auto_escalated"]
    with django_capture_on_commit_callbacks(execute=True):
        check_deadlines()  # a later pass adds nothing
    assert notes.count() == 1


def test_manual_escalation_still_gives_case_assigned(
    make_case, make_user, django_capture_on_commit_callbacks
):
    own_head = make_user("own", "kepala")
    kanwil_head = make_user("kanwil", "kepala")
    case = make_case(alert_level=2)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.perform_transition(actor=own_head, case=case, action="escalate",
                                            reason="perlu ditangani Kanwil")
    assert moved.handling_unit.code == "32"
    notes = Notification.objects.filter(case=case, user=kanwil_head)
    assert list(notes.values_list("kind", flat=True)) == ["case_assigned"]
