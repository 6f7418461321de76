"""Exponential back-off driven by next_attempt_at, the retry job, giving up, and claiming."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from selaras.webhooks import delivery as delivery_module
from selaras.webhooks.delivery import backoff, deliver
from selaras.webhooks.jobs import webhook_retries
from selaras.webhooks.models import Delivery, DeliveryStatus


def test_the_backoff_doubles_from_one_minute_and_is_capped():
    assert [backoff(n) for n in range(1, 8)] == [timedelta(minutes=m)
                                                 for m in (1, 2, 4, 8, 16, 32, 64)]
    assert backoff(30) == timedelta(hours=6)


def _failing_delivery(make_case, make_user, subscribe, sender, committed):
    subscribe(make_user("own", "kepala"))
    sender.answer = (503, "Service Unavailable")
    with committed():
        make_case()
    return Delivery.objects.get()


def test_a_failed_attempt_waits_and_the_job_retries_when_due(make_case, make_user, subscribe,
                                                            sender, committed):
    delivery = _failing_delivery(make_case, make_user, subscribe, sender, committed)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 503
    assert delivery.last_response == "Service Unavailable"
    wait = delivery.next_attempt_at - delivery.last_attempt_at
    assert timedelta(seconds=59) < wait <= timedelta(seconds=61)

    assert webhook_retries(timezone.now()) == {"queued": 0}  # not due yet
    assert len(sender.calls) == 1
    sender.answer = (204, "")
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        assert webhook_retries(timezone.now()) == {"queued": 1}
        assert webhook_retries(timezone.now()) == {"queued": 0}  # idempotent
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.SUCCEEDED, 2, None)
    assert delivery.delivered_at is not None
    assert len(sender.calls) == 2


def test_the_retries_follow_the_schedule_and_then_give_up(make_case, make_user, subscribe,
                                                         sender, committed, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    delivery = _failing_delivery(make_case, make_user, subscribe, sender, committed)
    waits = []
    while delivery.next_attempt_at is not None:
        waits.append(round((delivery.next_attempt_at - delivery.last_attempt_at)
                           .total_seconds() / 60))
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
            webhook_retries(timezone.now())
        delivery.refresh_from_db()
    assert waits == [1, 2, 4]
    assert delivery.status == DeliveryStatus.GAVE_UP
    assert delivery.attempts == 4
    assert len(sender.calls) == 4
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert webhook_retries(timezone.now()) == {"queued": 0}
    assert len(sender.calls) == 4


def test_a_network_error_is_recorded_and_retried(make_case, make_user, subscribe, sender,
                                                 committed):
    subscribe(make_user("own", "kepala"))
    sender.answer = TimeoutError("timed out")
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None
    assert "TimeoutError" in delivery.last_response


def test_a_claimed_delivery_is_not_sent_again_concurrently(make_case, make_user, subscribe,
                                                          sender, committed, monkeypatch):
    delivery = _failing_delivery(make_case, make_user, subscribe, sender, committed)
    due = delivery.next_attempt_at + timedelta(seconds=1)
    calls_inside = []

    def slow_post(url, body, headers):
        # While this worker sends, a second worker (and the job) try the same delivery.
        calls_inside.append(deliver(delivery.pk))
        calls_inside.append(webhook_retries(timezone.now()))
        return (200, "ok")

    monkeypatch.setattr(delivery_module, "post", slow_post)
    with time_machine.travel(due):
        assert deliver(delivery.pk) == DeliveryStatus.SUCCEEDED
    assert calls_inside == [DeliveryStatus.FAILED, {"queued": 0}]
    delivery.refresh_from_db()
    assert delivery.attempts == 2


def test_a_delivery_is_not_sent_once_the_owner_lost_access(make_case, make_user, subscribe,
                                                          sender, committed):
    owner = make_user("own", "kepala")
    delivery = _failing_delivery(make_case, lambda *a: owner, subscribe, sender, committed)
    owner.memberships.all().delete()
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
        webhook_retries(timezone.now())
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GAVE_UP
    assert len(sender.calls) == 1


def test_finished_deliveries_are_purged_after_90_days(make_case, make_user, subscribe,
                                                     sender, committed):
    from selaras.webhooks.jobs import webhook_purge

    subscribe(make_user("own", "kepala"))
    with committed():
        make_case()  # delivered
    sender.answer = (500, "rusak")
    with committed():
        make_case()  # failed, will retry: kept whatever its age
    assert webhook_purge(timezone.now() + timedelta(days=89)) == {"deleted": 0}
    assert webhook_purge(timezone.now() + timedelta(days=91)) == {"deleted": 1}
    assert list(Delivery.objects.values_list("status", flat=True)) == [DeliveryStatus.FAILED]
