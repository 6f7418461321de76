"""A level-3 case (at intake or raised to it) tells the Kanwil of its province and
Pusat at once, after the change is committed; the timeline says so."""

from selaras.cases import services

from .conftest import automation_events


def test_level3_report_alerts_kanwil_and_pusat(make_case, sent,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    alerts = [m for m in sent if m["kind"] == "case_level3"]
    assert {m["unit"].code for m in alerts} == {"32", "pusat"}
    assert all(set(m["roles"]) == {"kepala", "penangan"} for m in alerts)
    assert all(m["case"] == case for m in alerts)
    [event] = automation_events(case, "level3_alert")
    assert event.actor.username == "sistem"
    assert set(event.data["units"]) == {"32", "pusat"}
    assert event.reason


def test_nothing_is_sent_before_the_commit(make_case, sent,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_case(alert_level=3)
    assert sent == [] and callbacks


def test_lower_levels_alert_nobody_above(make_case, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=2)
    assert [m for m in sent if m["kind"] == "case_level3"] == []
    assert automation_events(case, "level3_alert") == []


def test_raising_the_level_to_3_alerts(make_case, make_user, sent,
                                       django_capture_on_commit_callbacks):
    case = make_case(alert_level=1)
    kepala = make_user(case.handling_unit.code, "kepala")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_case(actor=kepala, case=case, changes={"alert_level": 3},
                             reason="Terjadi perusakan")
    assert {m["unit"].code for m in sent if m["kind"] == "case_level3"} == {"32", "pusat"}
    assert len(automation_events(case, "level3_alert")) == 1


def test_other_edits_of_a_level3_case_do_not_alert_again(make_case, make_user, sent,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    kepala = make_user(case.handling_unit.code, "kepala")
    before = len(sent)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_case(actor=kepala, case=case, changes={"title": "Judul baru"})
    assert len(sent) == before
    assert len(automation_events(case, "level3_alert")) == 1


def test_lowering_the_level_alerts_nobody(make_case, make_user, sent,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    kepala = make_user(case.handling_unit.code, "kepala")
    before = len(sent)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_case(actor=kepala, case=case, changes={"alert_level": 2},
                             reason="Mereda")
    assert len(sent) == before


def test_the_alert_task_is_idempotent(make_case, sent, django_capture_on_commit_callbacks):
    from selaras.automation.alerts import send_level3_alert
    from selaras.cases.models import CaseEvent

    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(alert_level=3)
    created = CaseEvent.objects.get(case=case, kind="created")
    send_level3_alert(case.pk, created.pk)
    assert len(automation_events(case, "level3_alert")) == 1
    # The same dedupe keys again: the notifications app sends each only once.
    keys = [m["dedupe_key"] for m in sent]
    assert len(keys) == 4 and len(set(keys)) == 2
