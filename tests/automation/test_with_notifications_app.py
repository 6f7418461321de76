"""End to end with the real notifications app: inbox entries, each sent once."""

from selaras.notifications.models import Notification


def test_level3_case_reaches_the_kanwil_and_pusat_inboxes(make_case, make_user,
                                                          django_capture_on_commit_callbacks):
    kanwil = make_user("kanwil", "kepala")
    pusat = make_user("pusat", "penangan")
    bystander = make_user("sibling", "kepala")
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    alerts = Notification.objects.filter(case=case, kind="case_level3")
    assert set(alerts.values_list("user_id", flat=True)) >= {kanwil.pk, pusat.pk}
    assert not alerts.filter(user=bystander).exists()
    assert not alerts.filter(user__username="sistem").exists()


def test_overdue_case_reminder_and_escalation_reach_inboxes_once(make_case, make_user, clock,
                                                                  settings):
    from selaras.automation.rules import check_deadlines

    settings.ESCALATION_GRACE_HOURS = 1
    own = make_user("own", "kepala")
    kanwil = make_user("kanwil", "kepala")
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    check_deadlines()
    check_deadlines()
    clock.after(case.due_at, hours=3)
    check_deadlines()
    check_deadlines()
    assert Notification.objects.filter(case=case, kind="deadline_reminder", user=own).count() == 1
    assert Notification.objects.filter(case=case, kind="auto_escalated", user=kanwil).count() == 1
