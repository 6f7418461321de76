"""notify(): one notification and one delivery per recipient and event, however often called."""

from django.core import mail

from selaras.notifications.models import Delivery, Notification
from selaras.notifications.services import notify


def test_same_dedupe_key_twice_creates_one_notification_and_one_delivery(make_user, committed):
    user = make_user("own", "kepala", email="kepala@example.test")
    with committed():
        first = notify(recipients=[user], kind="deadline_reminder", subject="Tenggat",
                       body="Kasus melewati tenggat.", dedupe_key="reminder:1:verify")
    with committed():
        second = notify(recipients=[user], kind="deadline_reminder", subject="Tenggat",
                        body="Kasus melewati tenggat.", dedupe_key="reminder:1:verify")
    assert len(first) == 1 and second == []
    assert Notification.objects.filter(user=user).count() == 1
    assert Delivery.objects.filter(notification__user=user).count() == 1
    assert len(mail.outbox) == 1


def test_another_key_is_another_notification(make_user):
    user = make_user("own", "kepala")
    notify(recipients=[user], kind="deadline_reminder", subject="a", body="", dedupe_key="k1")
    notify(recipients=[user], kind="deadline_reminder", subject="b", body="", dedupe_key="k2")
    assert Notification.objects.filter(user=user).count() == 2


def test_same_key_for_two_users_reaches_both(make_user):
    one, two = make_user("own", "kepala"), make_user("own", "penangan")
    created = notify(recipients=[one, two], kind="case_level3", subject="Awas", body="",
                     dedupe_key="level3:1")
    assert {n.user_id for n in created} == {one.pk, two.pk}
