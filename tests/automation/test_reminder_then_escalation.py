"""An overdue case first reminds its handling office; after the grace it is escalated
to the office above, automatically, once, with a reason on the timeline."""

import pytest

from selaras.automation.models import OverdueCase
from selaras.cases.models import CaseEvent, EventKind

from .conftest import automation_events


def test_nothing_happens_before_the_deadline(make_case, clock, run_pass, sent):
    case = make_case(alert_level=2)
    clock.after(case.due_at, minutes=-1)
    assert run_pass()["reminded"] == 0
    assert automation_events(case) == [] and sent == []


def test_missed_deadline_reminds_the_handling_office(make_case, clock, run_pass, sent):
    case = make_case(alert_level=2)  # verification due 24 h after the report
    clock.after(case.due_at, hours=3)
    summary = run_pass()
    assert summary["reminded"] == 1 and summary["escalated"] == 0
    [event] = automation_events(case, "reminder")
    assert event.actor.username == "sistem"
    assert event.data["step"] == "verify"
    assert event.data["overdue_seconds"] == 3 * 3600
    assert event.to_unit == case.handling_unit
    assert "3" in event.reason  # says by how much it was missed
    [message] = sent
    assert message["unit"] == case.handling_unit
    assert set(message["roles"]) == {"kepala", "penangan"}
    assert message["case"] == case and message["kind"] == "deadline_reminder"
    case.refresh_from_db()
    assert case.handling_unit.code == "3273"  # not escalated yet


def test_escalates_only_after_the_grace(make_case, clock, run_pass, sent, settings):
    settings.ESCALATION_GRACE_HOURS = 24
    case = make_case(alert_level=2)
    reminded = clock.after(case.due_at, hours=1)
    run_pass()
    clock.after(reminded, hours=23, minutes=59)
    assert run_pass()["escalated"] == 0
    case.refresh_from_db()
    assert case.handling_unit.code == "3273"

    clock.after(reminded, hours=24)
    assert run_pass()["escalated"] == 1
    case.refresh_from_db()
    assert case.handling_unit.code == "32"  # the Kanwil above the Kankemenag
    assert case.status == "dilaporkan"
    escalation = CaseEvent.objects.get(case=case, kind=EventKind.TRANSITION, action="escalate")
    assert escalation.actor.username == "sistem"
    assert escalation.from_unit.code == "3273" and escalation.to_unit.code == "32"
    assert escalation.reason  # explains the deadline and by how much it was missed
    assert sent[-1]["unit"].code == "32" and sent[-1]["kind"] == "auto_escalated"


def test_grace_is_configurable(make_case, clock, run_pass, sent, settings):
    settings.ESCALATION_GRACE_HOURS = 2
    case = make_case(alert_level=2)
    reminded = clock.after(case.due_at, hours=1)
    run_pass()
    clock.after(reminded, hours=2)
    assert run_pass()["escalated"] == 1


def test_a_repeated_pass_does_nothing_twice(make_case, clock, run_pass, sent, settings):
    settings.ESCALATION_GRACE_HOURS = 1
    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    run_pass()
    run_pass()
    clock.after(case.due_at, hours=5)
    run_pass()
    again = run_pass()
    clock.after(case.due_at, days=10)
    later = run_pass()
    assert again == later == {"reminded": 0, "escalated": 0, "notified": 0, "notify_failed": 0}
    assert len(automation_events(case, "reminder")) == 1
    assert CaseEvent.objects.filter(case=case, action="escalate").count() == 1
    assert len(sent) == 2  # one reminder, one escalation notice
    assert len({m["dedupe_key"] for m in sent}) == 2


def test_a_case_that_moved_on_is_left_alone(make_case, clock, run_pass, sent, pusat_kepala):
    from selaras.cases import services

    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    run_pass()
    case = services.perform_transition(actor=pusat_kepala, case=case, action="verify")
    clock.after(case.due_at, hours=-1)  # the new (first action) deadline is not missed yet
    assert run_pass() == {"reminded": 0, "escalated": 0, "notified": 0, "notify_failed": 0}


def test_new_deadline_missed_gets_its_own_reminder(make_case, clock, run_pass, sent,
                                                     pusat_kepala):
    from selaras.cases import services

    case = make_case(alert_level=2)
    clock.after(case.due_at, hours=1)
    run_pass()
    case = services.perform_transition(actor=pusat_kepala, case=case, action="verify")
    clock.after(case.due_at, hours=1)
    run_pass()
    steps = [e.data["step"] for e in automation_events(case, "reminder")]
    assert steps == ["verify", "first_action"]
    assert OverdueCase.objects.filter(case=case).count() == 2


@pytest.mark.parametrize("status", ["selesai", "ditutup", "ditolak"])
def test_finished_cases_are_never_reminded(status, make_case, pusat_kepala, advance, clock,
                                           run_pass, sent):
    case = advance(make_case(), status, pusat_kepala)
    clock.after(case.reported_at, days=400)
    run_pass()
    assert automation_events(case) == []


def test_pusat_cases_are_reminded_but_have_nowhere_to_go(make_case, pusat_kepala, clock,
                                                         run_pass, sent, settings):
    from selaras.cases import services

    settings.ESCALATION_GRACE_HOURS = 1
    case = make_case(alert_level=2)
    case = services.perform_transition(actor=pusat_kepala, case=case, action="take_over",
                                       reason="Ditangani pusat")
    assert case.handling_unit.code == "pusat"
    clock.after(case.due_at, hours=5)
    run_pass()
    clock.after(case.due_at, hours=7)
    assert run_pass()["escalated"] == 0
    case.refresh_from_db()
    assert case.handling_unit.code == "pusat"
    assert len(automation_events(case, "reminder")) == 1
    assert OverdueCase.objects.get(case=case).escalation_skipped
