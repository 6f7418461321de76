"""Calibration: the preview recomputes past weeks with both settings; saving is Pusat's."""

import pytest

from selaras.core.errors import PermissionDenied, ValidationError
from selaras.earlywarning import services
from selaras.earlywarning.models import RiskSettings

from .conftest import DISTRICT, T


def _proposed(**changes):
    values = {"weights": {}, "half_life_days": 14, "window_days": 90,
              "case_weights": {1: 3, 2: 6, 3: 10}, "thresholds": (15, 25, 40), **changes}
    return services.params_from(services.validate_settings(**values))


def test_preview_compares_past_weeks_under_both_settings(worked_example):
    current = RiskSettings.current().params()  # thresholds 10 / 20 / 35
    preview = services.calibration_preview(current, _proposed(), weeks=2, now=T)
    first, second = preview["weeks"]
    # Week of 23 Feb, as of Sunday 1 Mar 24:00 WIB: report A 11 d 7 h old and the signal
    # 25 d 7 h old: 18 × 0.5^(11.29/14) + 6 × 0.5^(25.29/14) = 10.28 + 1.71 = 11.99
    #   → current level 1 (≥ 10), proposed level 0 (< 15)
    assert first["week"].isoformat() == "2026-02-23"
    assert first["current"] == {1: 1, 2: 0, 3: 0} and first["proposed"] == {1: 0, 2: 0, 3: 0}
    # Week of 2 Mar, as of now (T): the worked example, 21.5 → current 2, proposed 1 (< 25)
    assert second["current"] == {1: 0, 2: 1, 3: 0} and second["proposed"] == {1: 1, 2: 0, 3: 0}
    # Alerts: current 0→1 then 1→2 (two), proposed 0→1 once.
    assert preview["alerts"] == {"current": 2, "proposed": 1}
    assert [(d["district"], d["current"], d["proposed"]) for d in preview["differences"]] == [
        (DISTRICT, 1, 0), (DISTRICT, 2, 1)]


def test_heavier_weights_flag_more(worked_example):
    current = RiskSettings.current().params()
    heavier = _proposed(thresholds=(10, 20, 35), weights={"ancaman": 8})  # 8 → 16 points
    preview = services.calibration_preview(current, heavier, weeks=1, now=T)
    # 21.5 + 8 = 29.5: still Siaga under both
    assert preview["weeks"][0]["proposed"] == {1: 0, 2: 1, 3: 0}
    assert preview["differences"] == []


def test_only_pusat_heads_and_admins_save(db, make_user):
    values = {"weights": {"kekerasan": 7}, "half_life_days": 10, "window_days": 60,
              "case_weights": {1: 2, 2: 5, 3: 9}, "thresholds": (8, 16, 30),
              "auto_open_case": True}
    with pytest.raises(PermissionDenied):
        services.save_settings(actor=make_user("kanwil", "kepala"), **values)
    saved = services.save_settings(actor=make_user("pusat", "admin"), **values)
    params = saved.params()
    assert params.weights["kekerasan"] == 7 and params.weights["ancaman"] == 4
    assert params.case_weights == {1: 2, 2: 5, 3: 9} and params.thresholds == (8, 16, 30)
    assert params.half_life_days == 10 and saved.auto_open_case is True


@pytest.mark.parametrize(("change", "field"), [
    ({"thresholds": (20, 10, 30)}, "threshold_2"),
    ({"thresholds": (10, 20)}, "threshold_1"),
    ({"half_life_days": 0}, "half_life_days"),
    ({"window_days": "x"}, "window_days"),
    ({"weights": {"kekerasan": -1}}, "weight_kekerasan"),
    ({"weights": {"nope": 1}}, "weight_nope"),
    ({"case_weights": {1: 3, 2: 6}}, "case_weight_3"),
])
def test_bad_settings_are_refused_and_nothing_changes(db, make_user, change, field):
    values = {"weights": {}, "half_life_days": 14, "window_days": 90,
              "case_weights": {1: 3, 2: 6, 3: 10}, "thresholds": (10, 20, 35),
              "auto_open_case": False, **change}
    with pytest.raises(ValidationError) as raised:
        services.save_settings(actor=make_user("pusat", "kepala"), **values)
    assert field in raised.value.message_dict
    assert RiskSettings.current().threshold_1 == 10
