"""The webhook hook never breaks a case write, and does nothing before the commit."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from selaras.cases.models import Case
from selaras.webhooks import hooks, services
from selaras.webhooks.models import Delivery


def test_a_failure_while_building_deliveries_leaves_the_case_written(
        make_case, make_user, subscribe, sender, committed, monkeypatch):
    subscribe(make_user("own", "kepala"))

    def broken(event_id):
        raise RuntimeError("database of subscriptions unavailable")

    monkeypatch.setattr(services, "dispatch_case_event", broken)
    with committed():
        case = make_case()
    assert Case.objects.filter(pk=case.pk).exists()
    assert case.events.filter(kind="created").exists()
    assert sender.calls == []


def test_a_failure_while_scheduling_leaves_the_case_written(make_case, monkeypatch, committed):
    def refuse(*args, **kwargs):
        raise RuntimeError("no on_commit today")

    monkeypatch.setattr(hooks, "transaction", SimpleNamespace(on_commit=refuse))
    case = make_case()
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_failing_queue_leaves_the_delivery_for_the_retry_job(make_case, make_user, subscribe,
                                                              sender, committed, monkeypatch):
    from selaras.webhooks import tasks

    subscribe(make_user("own", "kepala"))

    def down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "deliver_webhook", SimpleNamespace(enqueue=down))
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 0
    assert sender.calls == []


def test_nothing_is_sent_for_a_write_that_rolls_back(make_case, make_user, subscribe, sender,
                                                     committed):
    subscribe(make_user("own", "kepala"))
    with committed(), pytest.raises(RuntimeError):
        with transaction.atomic():
            make_case()
            raise RuntimeError("rolled back")
    assert sender.calls == []
    assert not Delivery.objects.exists()


def test_only_entries_a_webhook_is_about_schedule_work(db, django_capture_on_commit_callbacks):
    unmapped = SimpleNamespace(pk=1, kind="party", action="linked", from_status="",
                               to_status="")
    mapped = SimpleNamespace(pk=2, kind="transition", action="verify",
                             from_status="dilaporkan", to_status="terverifikasi")
    with django_capture_on_commit_callbacks() as callbacks:
        hooks.case_event_recorded(unmapped)
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        hooks.case_event_recorded(mapped)
    assert len(callbacks) == 1


def test_without_a_queue_the_fan_out_happens_at_once(make_case, make_user, subscribe, sender,
                                                     committed, monkeypatch):
    from selaras.webhooks import tasks

    subscribe(make_user("own", "kepala"))

    def down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "dispatch_case_event_task", SimpleNamespace(enqueue=down))
    with committed():
        make_case()
    assert Delivery.objects.get().status == "succeeded"
    assert len(sender.calls) == 1
