"""The daily digest: once per local day per person (from NOTIFY_DIGEST_HOUR), listing the open
cases in their queue and their overdue tasks; nobody with nothing waiting gets one."""

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from selaras.handling import services as handling
from selaras.notifications.jobs import send_daily_digests
from selaras.notifications.models import Notification

TZ = timezone.get_current_timezone()
MONDAY_0800 = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def _digests(user):
    return Notification.objects.filter(user=user, kind="digest").order_by("created_at")


def test_digest_once_per_day_with_cases_and_overdue_tasks(make_user, make_case, committed):
    head = make_user("own", "kepala", email="kepala@example.test")
    idle = make_user("sibling", "kepala")  # nothing waits on this office
    with time_machine.travel(MONDAY_0800 - timedelta(days=3), tick=False):
        case = make_case(alert_level=2, title="Sengketa lahan makam desa")
        handling.create_task(actor=head, case=case, title="Kunjungi lokasi makam",
                             due_date=date(2026, 2, 28), assignee_user=head)
    with time_machine.travel(MONDAY_0800, tick=False) as clock:
        with committed():
            assert send_daily_digests() >= 1
        with committed():
            send_daily_digests()  # a second pass the same day sends nothing
        [digest] = _digests(head)
        assert digest.dedupe_key == "digest:2026-03-02"
        assert case.number in digest.body and "Sengketa lahan makam desa" in digest.body
        assert "Kunjungi lokasi makam" in digest.body
        assert digest.deliveries.get().channel == "email"
        assert not _digests(idle).exists()

        clock.shift(timedelta(days=1))
        send_daily_digests()
        assert [d.dedupe_key for d in _digests(head)] == ["digest:2026-03-02",
                                                          "digest:2026-03-03"]


def test_no_digest_before_the_digest_hour(make_user, make_case, settings):
    settings.NOTIFY_DIGEST_HOUR = 7
    head = make_user("own", "kepala")
    with time_machine.travel(MONDAY_0800 - timedelta(days=1), tick=False):
        make_case(alert_level=2)
    with time_machine.travel(MONDAY_0800.replace(hour=6, minute=59), tick=False):
        assert send_daily_digests() == 0
    assert not _digests(head).exists()


def test_the_day_is_the_local_day(make_user, make_case):
    """23:30 in Jakarta is still the same local day (not the next UTC day)."""
    head = make_user("own", "kepala")
    with time_machine.travel(MONDAY_0800 - timedelta(days=1), tick=False):
        make_case(alert_level=2)
    with time_machine.travel(MONDAY_0800.replace(hour=23, minute=30), tick=False):
        send_daily_digests()
    assert _digests(head).get().dedupe_key == "digest:2026-03-02"
