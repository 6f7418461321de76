"""A failing channel is retried with back-off by the retry job, is given up after the last
attempt, is never sent twice, and never undoes the change that caused it."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from selaras.notifications.delivery import deliver
from selaras.notifications.jobs import retry_failed_deliveries
from selaras.notifications.models import Delivery, DeliveryStatus
from selaras.notifications.services import notify, set_preferences

BROKEN_MAIL = {"default": {"BACKEND": "tests.notifications.backends.BrokenEmailBackend"}}
WORKING_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
START = timezone.datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_current_timezone())


def _notify_by_email(make_user, committed, key="retry:1"):
    user = make_user("own", "kepala", email="kepala@example.test")
    with committed():
        notify(recipients=[user], kind="deadline_reminder", subject="Tenggat", body="Isi",
               dedupe_key=key)
    return Delivery.objects.get(notification__user=user)


def test_failed_email_is_retried_with_growing_waits_then_sent(make_user, committed, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    settings.MAILERS = BROKEN_MAIL
    with time_machine.travel(START, tick=False) as clock:
        delivery = _notify_by_email(make_user, committed)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
        assert delivery.next_attempt_at == START + timedelta(seconds=60)
        assert "SMTP" in delivery.last_error

        # Not due yet: the retry job leaves it alone.
        clock.shift(timedelta(seconds=30))
        assert retry_failed_deliveries() == 0

        clock.shift(timedelta(seconds=30))
        assert retry_failed_deliveries() == 1
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert delivery.next_attempt_at == timezone.now() + timedelta(seconds=120)

        settings.MAILERS = WORKING_MAIL
        clock.shift(timedelta(seconds=120))
        assert retry_failed_deliveries() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
        assert delivery.next_attempt_at is None and delivery.last_error == ""
        assert len(mail.outbox) == 1

        # Sent means done: later passes send nothing again.
        clock.shift(timedelta(days=1))
        assert retry_failed_deliveries() == 0
        assert len(mail.outbox) == 1


def test_given_up_after_the_last_attempt(make_user, committed, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 1
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.MAILERS = BROKEN_MAIL
    with time_machine.travel(START, tick=False) as clock:
        delivery = _notify_by_email(make_user, committed)
        for _ in range(5):
            clock.shift(timedelta(hours=1))
            retry_failed_deliveries()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert delivery.next_attempt_at is None


def test_a_delivery_is_sent_once_even_if_enqueued_twice(make_user, committed):
    delivery = _notify_by_email(make_user, committed)
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    assert deliver(delivery.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_broken_gateway_does_not_roll_back_the_case_change(
    make_user, make_case, committed, settings
):
    from selaras.cases import services
    from selaras.cases.models import Case, CaseEvent

    settings.NOTIFY_GATEWAY_BACKEND = "tests.notifications.backends.BrokenGateway"
    own_head = make_user("own", "kepala")
    kanwil_head = make_user("kanwil", "kepala", phone="+628111")
    set_preferences(user=kanwil_head, choices={"case_assigned": ["whatsapp"]})
    case = make_case(alert_level=2)
    with committed():
        services.perform_transition(actor=own_head, case=case, action="escalate",
                                    reason="Perlu penanganan Kanwil")
    assert Case.objects.get(pk=case.pk).handling_unit.code == "32"
    assert CaseEvent.objects.filter(case=case, action="escalate").count() == 1
    delivery = Delivery.objects.get(notification__user=kanwil_head)
    assert delivery.status == DeliveryStatus.FAILED and "gateway down" in delivery.last_error


def test_an_enqueue_failure_leaves_the_delivery_for_the_retry_job(
    make_user, committed, monkeypatch
):
    from selaras.notifications import tasks

    class DownQueue:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("queue unavailable")

    monkeypatch.setattr(tasks, "deliver_task", DownQueue())
    delivery = _notify_by_email(make_user, committed)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and len(mail.outbox) == 0
    assert retry_failed_deliveries() == 1
    assert len(mail.outbox) == 1
