"""The periodic job: scores, snapshots, alerts on upward crossings, notifications,
cases opened from alerts."""

from datetime import timedelta

import pytest

from selaras.automation.scheduler import discover
from selaras.cases.models import Case
from selaras.earlywarning import services
from selaras.earlywarning.models import DistrictRisk, RiskAlert, RiskSettings, RiskSnapshot
from selaras.notifications.models import Kind, Notification

from .conftest import DISTRICT, T


def test_job_is_registered():
    assert "earlywarning_recompute" in discover()


def test_job_stores_score_and_weekly_snapshot(worked_example):
    summary = services.recompute(T)
    state = DistrictRisk.objects.get(district_id=DISTRICT)
    assert state.score == pytest.approx(21.5) and state.level == 2
    snapshot = RiskSnapshot.objects.get(district_id=DISTRICT)
    assert snapshot.week.isoformat() == "2026-03-02" and snapshot.score == pytest.approx(21.5)
    assert summary == {"districts": 1, "alerts": 1}


def test_crossing_upwards_raises_one_alert_and_notifies_the_responsible_office_once(
        worked_example, make_user, unit):
    kankemenag_head = make_user("own", "kepala")  # level 2 → Kankemenag Kota Bandung
    kua_head = make_user("child", "kepala")
    services.recompute(T)
    services.recompute(T + timedelta(minutes=5))  # idempotent: nothing new
    alert = RiskAlert.objects.get()
    assert (alert.level, alert.previous_level, alert.unit) == (2, 0, unit("own"))
    assert alert.score == pytest.approx(21.5)
    assert set(alert.reports.all()) == {worked_example["a"], worked_example["b"]}
    assert list(alert.signals.all()) == [worked_example["signal"]]
    assert [c["value"] for c in alert.explanation["contributions"]] == [8.0, 6.0, 6.0, 3.0,
                                                                       -3.0, 1.5]
    notes = Notification.objects.filter(kind=Kind.RISK_ALERT)
    assert [n.user for n in notes] == [kankemenag_head]
    assert kua_head not in {n.user for n in notes}
    assert alert.case is None  # auto-open is off by default


def test_falling_back_and_rising_again_raises_a_new_alert(worked_example, file_report):
    services.recompute(T)
    RiskSettings.objects.filter(pk=1).update(threshold_1=50, threshold_2=60, threshold_3=70)
    services.recompute(T + timedelta(hours=1))  # now level 0: no alert for going down
    assert RiskAlert.objects.count() == 1
    RiskSettings.objects.filter(pk=1).update(threshold_1=10, threshold_2=20, threshold_3=35)
    services.recompute(T + timedelta(hours=2))
    assert list(RiskAlert.objects.values_list("level", "previous_level")) == [(2, 0), (2, 0)]


def test_rising_from_one_level_to_the_next_alerts_again(worked_example, file_report):
    services.recompute(T)
    file_report(worked_example["kua"], kekerasan=3)  # + 3 × 6 = 18 → 39.5 → Awas
    services.recompute(T)
    levels = list(RiskAlert.objects.order_by("pk").values_list("level", "previous_level"))
    assert levels == [(2, 0), (3, 2)]


def test_auto_open_creates_the_case_as_the_system_at_the_alert_level(worked_example):
    RiskSettings.objects.update_or_create(pk=1, defaults={"auto_open_case": True})
    services.recompute(T)
    alert = RiskAlert.objects.get()
    case = alert.case
    assert case is not None
    assert case.created_by.username == "sistem"
    assert (case.alert_level, case.district_code) == (2, DISTRICT)
    assert case.source_channel == "penyuluh"
    note = Notification.objects.filter(kind=Kind.RISK_ALERT).first()
    assert note is None or note.case == case
    # The case from the alert is not counted again: the score stays 21.5, no new alert.
    services.recompute(T + timedelta(minutes=1))
    assert DistrictRisk.objects.get(district_id=DISTRICT).score == pytest.approx(21.5, abs=.01)
    assert RiskAlert.objects.count() == 1
    assert Case.objects.filter(district_code=DISTRICT).count() == 2


def test_auto_open_from_external_signals_only_uses_the_si_rukun_channel(
        frozen, make_user, pusat_kepala):
    RiskSettings.objects.update_or_create(pk=1, defaults={"auto_open_case": True})
    sirukun = make_user("pusat", "pelapor", username="sirukun", is_service_account=True)
    for n, indicator in enumerate(["kekerasan", "ancaman"]):  # 18 + 12 = 30 → Siaga
        services.record_signal(actor=sirukun, source="si_rukun", external_id=f"S{n}",
                               district=DISTRICT, indicator=indicator, rating=3)
    services.recompute(T)
    case = RiskAlert.objects.get().case
    assert case.source_channel == "si_rukun" and case.alert_level == 2


def test_a_second_alert_joins_the_open_case_of_the_first(worked_example, file_report):
    RiskSettings.objects.update_or_create(pk=1, defaults={"auto_open_case": True})
    services.recompute(T)
    file_report(worked_example["kua"], kekerasan=3)
    services.recompute(T)
    first, second = RiskAlert.objects.order_by("pk")
    assert first.case_id and second.case_id == first.case_id
    assert Case.objects.filter(created_by__username="sistem").count() == 1


def test_backfill_writes_past_weeks_from_the_data(worked_example):
    written = services.backfill_snapshots(4, now=T)
    weeks = {w.isoformat(): v for w, v in RiskSnapshot.objects.filter(district_id=DISTRICT)
             .values_list("week", "score")}
    assert written == 4 and sorted(weeks) == ["2026-02-02", "2026-02-09", "2026-02-16",
                                              "2026-02-23"]
    # A week ends on Sunday 24:00 in Jakarta (17:00 UTC). Week of 9 Feb ends 15 Feb 17:00 UTC:
    # only the si_rukun signal (4 Feb 10:00 UTC), 11 d 7 h old: 3 × 2 × 0.5^(11.2917 / 14)
    assert weeks["2026-02-09"] == pytest.approx(6 * 0.5 ** ((11 + 7 / 24) / 14))  # 3.43
    # Week of 23 Feb ends 1 Mar 17:00 UTC: report A (18 Feb 10:00 UTC, 11 d 7 h old,
    # 2 × 3 + 3 × 4 = 18 points before decay) + the signal, 25 d 7 h old. Report B and the
    # case came later (4 Mar).
    assert weeks["2026-02-23"] == pytest.approx(
        18 * 0.5 ** ((11 + 7 / 24) / 14) + 6 * 0.5 ** ((25 + 7 / 24) / 14))  # 10.28 + 1.71
    assert not RiskAlert.objects.exists()  # backfilling raises no alerts
