"""A notification that fails never blocks or undoes the case change; it is retried."""

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent

from .conftest import automation_events


def test_level3_intake_survives_a_failing_notification(make_case, failing_notify,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    assert Case.objects.filter(pk=case.pk, alert_level=3).exists()
    assert CaseEvent.objects.filter(case=case, kind="created").exists()


def test_raising_the_level_survives_a_failing_notification(
        make_case, make_user, failing_notify, django_capture_on_commit_callbacks):
    case = make_case(alert_level=2)
    kepala = make_user(case.handling_unit.code, "kepala")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_case(actor=kepala, case=case, changes={"alert_level": 3},
                             reason="Ada korban")
    case.refresh_from_db()
    assert case.alert_level == 3


def test_reminder_and_escalation_happen_even_if_notifying_fails(
        make_case, clock, run_pass, failing_notify, settings):
    settings.ESCALATION_GRACE_HOURS = 1
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    first = run_pass()
    assert first["reminded"] == 1 and first["notify_failed"] == 1
    assert len(automation_events(case, "reminder")) == 1
    clock.after(case.due_at, hours=3)
    second = run_pass()
    assert second["escalated"] == 1
    case.refresh_from_db()
    assert case.handling_unit.code == "32"


def test_failed_reminder_is_retried_once_and_only_once(make_case, clock, run_pass,
                                                       monkeypatch, settings):
    from selaras.automation import notify as adapter

    settings.ESCALATION_GRACE_HOURS = 100
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["dedupe_key"])
        if len(calls) == 1:
            raise ConnectionError("gateway down")

    monkeypatch.setattr(adapter, "_service", lambda: flaky)
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    run_pass()
    clock.after(case.due_at, hours=2)
    assert run_pass()["notified"] == 1
    clock.after(case.due_at, hours=3)
    assert run_pass()["notified"] == 0
    assert len(calls) == 2 and calls[0] == calls[1]  # same dedupe key: sent at most once
