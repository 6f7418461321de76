"""A subscription that keeps failing is disabled and its owner told; a success resets."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from selaras.notifications.models import Kind, Notification
from selaras.webhooks import services
from selaras.webhooks.jobs import webhook_retries
from selaras.webhooks.models import Delivery, DeliveryStatus, Subscription


def _fail_cases(n, make_case, committed):
    for _ in range(n):
        with committed():
            make_case()


def test_consecutive_failures_across_deliveries_disable_and_notify(make_case, make_user,
                                                                   subscribe, sender,
                                                                   committed, settings):
    settings.WEBHOOK_DISABLE_AFTER = 3
    owner = make_user("own", "kepala")
    subscription = subscribe(owner)
    sender.answer = (500, "boom")
    _fail_cases(2, make_case, committed)
    subscription.refresh_from_db()
    assert (subscription.active, subscription.consecutive_failures) == (True, 2)
    assert not Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED).exists()

    _fail_cases(1, make_case, committed)
    subscription.refresh_from_db()
    assert subscription.active is False
    assert subscription.disabled_at is not None
    assert "3" in subscription.disabled_reason
    [notice] = Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED)
    assert notice.user == owner
    assert subscription.name in notice.subject

    # Disabled: nothing more is built or sent, and the owner is not told twice.
    _fail_cases(1, make_case, committed)
    assert len(sender.calls) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert webhook_retries(timezone.now()) == {"queued": 0}
    assert Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED).count() == 1


def test_a_success_resets_the_count(make_case, make_user, subscribe, sender, committed,
                                    settings):
    settings.WEBHOOK_DISABLE_AFTER = 3
    subscription = subscribe(make_user("own", "kepala"))
    sender.answer = (500, "boom")
    _fail_cases(2, make_case, committed)
    sender.answer = (200, "ok")
    _fail_cases(1, make_case, committed)
    subscription.refresh_from_db()
    assert (subscription.active, subscription.consecutive_failures) == (True, 0)
    sender.answer = (500, "boom")
    _fail_cases(2, make_case, committed)
    subscription.refresh_from_db()
    assert subscription.active is True


def test_enabling_again_resets_the_count_and_due_retries_resume(make_case, make_user,
                                                                subscribe, sender, committed,
                                                                settings):
    settings.WEBHOOK_DISABLE_AFTER = 1
    owner = make_user("own", "kepala")
    subscription = subscribe(owner)
    sender.answer = (500, "boom")
    _fail_cases(1, make_case, committed)
    subscription.refresh_from_db()
    assert subscription.active is False

    updated = services.update_subscription(actor=owner, subscription=subscription,
                                           changes={"active": True})
    assert (updated.active, updated.consecutive_failures, updated.disabled_at,
            updated.disabled_reason) == (True, 0, None, "")
    sender.answer = (200, "ok")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert webhook_retries(timezone.now()) == {"queued": 1}
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED
    assert Subscription.objects.get().consecutive_failures == 0


def test_a_creator_who_is_not_the_owner_is_told_too(make_case, make_user, subscribe, sender,
                                                    committed, settings):
    settings.WEBHOOK_DISABLE_AFTER = 1
    admin = make_user("pusat", "admin")
    account = make_user("own", "kepala", is_service_account=True)
    services.create_subscription(actor=admin, name="Si Paham", url="https://wa.example/hook",
                                 events=["case.created"], owner=account.username)
    sender.answer = (500, "boom")
    _fail_cases(1, make_case, committed)
    told = set(Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED)
               .values_list("user__username", flat=True))
    assert told == {admin.username, account.username}
