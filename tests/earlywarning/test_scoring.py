"""The pure scoring function, with hand-computed numbers (no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from selaras.earlywarning.scoring import (
    CONFLICT,
    PEACE,
    Observation,
    OpenCase,
    Params,
    decay_factor,
    level_for,
    roll_up,
    score_district,
)

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
PARAMS = Params(
    weights={"penolakan": 3.0, "mobilisasi": 4.0, "ancaman": 4.0, "ujaran_kebencian": 2.0,
             "dialog": 1.5, "mediasi_fkub": 2.0},
    kinds={"penolakan": CONFLICT, "mobilisasi": CONFLICT, "ancaman": CONFLICT,
           "ujaran_kebencian": CONFLICT, "dialog": PEACE, "mediasi_fkub": PEACE},
    half_life_days=14.0, window_days=90,
    case_weights={1: 3.0, 2: 6.0, 3: 10.0}, thresholds=(10.0, 20.0, 35.0),
)


def days_ago(n):
    return NOW - timedelta(days=n)


def test_decay_halves_every_half_life():
    assert decay_factor(0, 14) == 1.0
    assert decay_factor(14, 14) == pytest.approx(0.5)
    assert decay_factor(28, 14) == pytest.approx(0.25)
    assert decay_factor(7, 14) == pytest.approx(2 ** -0.5)  # 0.7071


def test_worked_example_of_the_docs():
    observations = [
        Observation("penolakan", 2, days_ago(14), "report", 1),   # 2 × 3 × 0.5  = 3.0
        Observation("mobilisasi", 3, days_ago(14), "report", 1),  # 3 × 4 × 0.5  = 6.0
        Observation("ancaman", 2, days_ago(0), "report", 2),      # 2 × 4 × 1    = 8.0
        Observation("dialog", 2, days_ago(0), "report", 2),       # peace 2 × 1.5 = 3.0
        Observation("ujaran_kebencian", 3, days_ago(28), "si_rukun", 7),  # 3 × 2 × .25 = 1.5
    ]
    cases = [OpenCase("KSBK-3273-2026-00001", 2, ref=5)]  # + 6
    score = score_district(observations, cases, PARAMS, NOW)
    # conflict 3 + 6 + 8 + 1.5 = 18.5; peace 3; max(0, 15.5) + 6 = 21.5 → Siaga (≥ 20)
    assert score.conflict == pytest.approx(18.5)
    assert score.peace == pytest.approx(3.0)
    assert score.cases == pytest.approx(6.0)
    assert score.score == pytest.approx(21.5)
    assert score.level == 2


def test_explanation_lists_every_contribution_largest_first():
    observations = [
        Observation("ancaman", 2, days_ago(0), "report", 2),
        Observation("dialog", 2, days_ago(0), "report", 2),
        Observation("ujaran_kebencian", 3, days_ago(28), "si_rukun", "SR-9"),
    ]
    score = score_district(observations, [OpenCase("KSBK-X", 3, ref=9)], PARAMS, NOW)
    rows = [c.as_dict() for c in score.contributions]
    # case 10, ancaman 8, dialog −3, signal 1.5 (ordered by absolute value)
    assert [r["value"] for r in rows] == [10.0, 8.0, -3.0, 1.5]
    case, threat, dialogue, signal = rows
    assert case == {**case, "kind": "case", "case_number": "KSBK-X", "alert_level": 3,
                    "weight": 10.0}
    assert threat["indicator"] == "ancaman" and threat["rating"] == 2
    assert threat["weight"] == 4.0 and threat["decay"] == 1.0 and threat["source"] == "report"
    assert dialogue["kind"] == PEACE
    assert signal["source"] == "si_rukun" and signal["ref"] == "SR-9"
    assert signal["decay"] == 0.25 and signal["age_days"] == 28.0


def test_peace_subtracts_but_never_below_zero_and_never_cancels_cases():
    observations = [
        Observation("penolakan", 1, days_ago(0)),     # 1 × 3 = 3
        Observation("mediasi_fkub", 3, days_ago(0)),  # peace 3 × 2 = 6
        Observation("dialog", 3, days_ago(0)),        # peace 3 × 1.5 = 4.5
    ]
    alone = score_district(observations, [], PARAMS, NOW)
    assert alone.score == 0.0  # max(0, 3 − 10.5)
    with_case = score_district(observations, [OpenCase("K", 1)], PARAMS, NOW)
    assert with_case.score == pytest.approx(3.0)  # 0 + level-1 case 3


def test_case_weights_by_alert_level():
    cases = [OpenCase("A", 1), OpenCase("B", 2), OpenCase("C", 3), OpenCase("D", 3)]
    score = score_district([], cases, PARAMS, NOW)
    assert score.score == pytest.approx(3 + 6 + 10 + 10)  # 29 → level 2
    assert score.level == 2


def test_window_and_future_and_zero_ratings_count_for_nothing():
    observations = [
        Observation("ancaman", 3, days_ago(91)),   # outside the 90-day window
        Observation("ancaman", 3, NOW + timedelta(hours=1)),  # after "now"
        Observation("ancaman", 0, days_ago(1)),    # rating 0
        Observation("unknown", 3, days_ago(1)),    # not an indicator
    ]
    score = score_district(observations, [], PARAMS, NOW)
    assert score.score == 0.0 and score.contributions == []


@pytest.mark.parametrize(("value", "level"), [
    (0, 0), (9.99, 0), (10, 1), (19.9, 1), (20, 2), (34.9, 2), (35, 3), (500, 3)])
def test_thresholds_map_scores_to_levels(value, level):
    assert level_for(value, (10.0, 20.0, 35.0)) == level


def test_roll_up_takes_the_worst_district_and_the_mean_over_all_districts():
    # A regency of 4 districts, 3 with scores: max 36 (Awas); mean (36 + 21.5 + 4) / 4
    rolled = roll_up({"327301": 21.5, "327302": 36.0, "327303": 4.0}, 4, (10, 20, 35))
    assert rolled.score == 36.0
    assert rolled.level == 3
    assert rolled.mean == pytest.approx(61.5 / 4)  # 15.375
    assert rolled.by_level == {1: 0, 2: 1, 3: 1}
    assert rolled.top[0] == ("327302", 36.0)
    assert roll_up({}, 10, (10, 20, 35)).level == 0
