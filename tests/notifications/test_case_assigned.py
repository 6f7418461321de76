"""A case arriving at an office (intake, escalate, delegate, take over) notifies its heads and
handlers, never the person who moved it, and a channel failure never undoes the move."""

import pytest

from selaras.cases import services
from selaras.cases.models import Case
from selaras.notifications.models import Delivery, DeliveryStatus, Notification


def _apply(actor, case, action, **kwargs):
    return services.perform_transition(actor=actor, case=case, action=action,
                                       reason=f"alasan {action}", **kwargs)


def test_intake_notifies_the_handling_office(make_user, make_case, committed):
    head = make_user("own", "kepala")  # Kankemenag Kota Bandung handles level 2
    handler = make_user("own", "penangan")
    analyst = make_user("own", "analis")
    elsewhere = make_user("sibling", "kepala")
    with committed():
        case = make_case(alert_level=2)
    assert case.handling_unit.code == "3273"
    notified = set(Notification.objects.filter(case=case, kind="case_assigned")
                   .values_list("user_id", flat=True))
    assert notified == {head.pk, handler.pk}
    assert analyst.pk not in notified and elsewhere.pk not in notified
    note = Notification.objects.get(user=head, case=case)
    assert case.number in note.subject
    assert note.url == f"/kasus/{case.number}/"


@pytest.mark.parametrize("action", ["escalate", "take_over"])
def test_moving_up_notifies_the_receiving_office_but_not_the_actor(
    make_user, make_case, committed, action
):
    own_head = make_user("own", "kepala")
    kanwil_head = make_user("kanwil", "kepala")
    kanwil_deputy = make_user("kanwil", "kepala")
    case = make_case(alert_level=2)
    actor = own_head if action == "escalate" else kanwil_head
    with committed():
        moved = _apply(actor, case, action)
    assert moved.handling_unit.code == "32"
    notified = set(Notification.objects.filter(case=case, kind="case_assigned",
                                               user__memberships__unit__code="32")
                   .values_list("user_id", flat=True))
    expected = {kanwil_head.pk, kanwil_deputy.pk} - {actor.pk}
    assert notified == expected


def test_delegate_notifies_the_office_below(make_user, make_case, committed):
    own_head = make_user("own", "kepala")
    kua_head = make_user("child", "kepala")
    case = make_case(alert_level=2)
    with committed():
        _apply(own_head, case, "delegate", target_unit="327301")
    assert Notification.objects.filter(user=kua_head, case=case, kind="case_assigned").exists()


def test_a_step_that_keeps_the_office_notifies_nobody(make_user, make_case, committed):
    own_head = make_user("own", "kepala")
    case = make_case(alert_level=2)
    before = Notification.objects.count()
    with committed():
        _apply(own_head, case, "verify")
    assert Notification.objects.count() == before


def test_a_failing_mail_server_does_not_roll_back_the_escalation(
    make_user, make_case, committed, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.BrokenEmailBackend"}}
    own_head = make_user("own", "kepala")
    kanwil_head = make_user("kanwil", "kepala", email="kanwil@example.test")
    case = make_case(alert_level=2)
    with committed():
        moved = _apply(own_head, case, "escalate")
    assert Case.objects.get(pk=case.pk).handling_unit.code == "32" == moved.handling_unit.code
    delivery = Delivery.objects.get(notification__user=kanwil_head, notification__case=case)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "SMTP" in delivery.last_error
