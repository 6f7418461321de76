"""The one scoring function of the early-warning system: pure, explainable, testable.

Nothing here touches the database. ``score_district`` takes the observations of one
district (indicator ratings from situation reports and external signals), its open
cases and the settings, and returns the score with every contribution that made it:

    conflict = Σ rating × weight × decay      over conflict-indicator observations
    peace    = Σ rating × weight × decay      over peace-indicator observations
    cases    = Σ case_weight[alert level]     over the district's open cases
    score    = max(0, conflict − peace) + cases

    decay    = 0.5 ** (age in days / half-life in days)

Observations older than ``window_days`` (or later than ``now``) count for nothing.
Peace can cancel conflict signals but never open cases: a case stays a fact until
it is closed. The level is the highest threshold the score reaches (0 = none).

``roll_up`` combines district scores into a regency or province figure: the worst
district decides the level (``score`` = max), and ``mean`` over all the area's
districts shows how widespread the tension is. docs/early-warning.md has a worked
example with numbers; tests/earlywarning/test_scoring.py checks it by hand.
"""

from dataclasses import dataclass, field
from datetime import datetime

CONFLICT = "conflict"
PEACE = "peace"
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Observation:
    """One indicator rating: from a situation report or an external signal."""

    indicator: str
    rating: int  # 0..3
    observed_at: datetime
    source: str = "report"  # "report" or an external system's name, e.g. "si_rukun"
    ref: int | str | None = None  # report id or external signal id


@dataclass(frozen=True)
class OpenCase:
    number: str
    alert_level: int
    ref: int | None = None  # case id


@dataclass(frozen=True)
class Params:
    weights: dict  # indicator code → weight
    kinds: dict  # indicator code → CONFLICT or PEACE
    half_life_days: float = 14.0
    window_days: int = 90
    case_weights: dict = field(default_factory=lambda: {1: 3.0, 2: 6.0, 3: 10.0})
    thresholds: tuple = (10.0, 20.0, 35.0)  # score needed for level 1, 2, 3


@dataclass
class Contribution:
    kind: str  # CONFLICT, PEACE or "case"
    source: str  # "report", external system name, or "case"
    ref: int | str | None
    indicator: str = ""
    observed_at: datetime | None = None
    rating: int = 0
    weight: float = 0.0
    age_days: float = 0.0
    decay: float = 1.0
    value: float = 0.0  # signed: peace contributions are negative
    case_number: str = ""
    alert_level: int = 0

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "source": self.source, "ref": self.ref,
            "indicator": self.indicator,
            "observed_at": self.observed_at.isoformat() if self.observed_at else None,
            "rating": self.rating, "weight": self.weight, "age_days": round(self.age_days, 3),
            "decay": round(self.decay, 4), "value": round(self.value, 4),
            "case_number": self.case_number, "alert_level": self.alert_level,
        }


@dataclass
class Score:
    score: float
    level: int
    conflict: float
    peace: float
    cases: float
    contributions: list

    def as_dict(self) -> dict:
        return {
            "score": round(self.score, 2), "level": self.level,
            "conflict": round(self.conflict, 2), "peace": round(self.peace, 2),
            "cases": round(self.cases, 2),
            "contributions": [c.as_dict() for c in self.contributions],
        }


def decay_factor(age_days: float, half_life_days: float) -> float:
    """Weight left after ``age_days``: 1 now, ½ after one half-life, ¼ after two."""
    if half_life_days <= 0:
        return 1.0
    return 0.5 ** (max(age_days, 0.0) / half_life_days)


def level_for(score: float, thresholds) -> int:
    level = 0
    for index, threshold in enumerate(thresholds, start=1):
        if score >= threshold:
            level = index
    return level


def score_district(observations, open_cases, params: Params, now: datetime) -> Score:
    contributions: list[Contribution] = []
    conflict = peace = cases = 0.0
    for obs in observations:
        kind = params.kinds.get(obs.indicator)
        if kind is None or obs.rating <= 0:
            continue
        age = (now - obs.observed_at).total_seconds() / SECONDS_PER_DAY
        if age < 0 or age > params.window_days:
            continue
        weight = float(params.weights.get(obs.indicator, 0.0))
        decay = decay_factor(age, params.half_life_days)
        value = obs.rating * weight * decay
        if value == 0:
            continue
        if kind == PEACE:
            peace += value
            value = -value
        else:
            conflict += value
        contributions.append(Contribution(
            kind=kind, source=obs.source, ref=obs.ref, indicator=obs.indicator,
            observed_at=obs.observed_at, rating=obs.rating, weight=weight, age_days=age,
            decay=decay, value=value))
    for case in open_cases:
        weight = float(params.case_weights.get(case.alert_level, 0.0))
        if weight == 0:
            continue
        cases += weight
        contributions.append(Contribution(
            kind="case", source="case", ref=case.ref, weight=weight, value=weight,
            case_number=case.number, alert_level=case.alert_level))
    contributions.sort(key=lambda c: -abs(c.value))
    score = max(0.0, conflict - peace) + cases
    return Score(score=score, level=level_for(score, params.thresholds), conflict=conflict,
                 peace=peace, cases=cases, contributions=contributions)


@dataclass
class RollUp:
    score: float  # the highest district score
    level: int
    mean: float  # mean over all the area's districts (those without data count as 0)
    districts: int
    by_level: dict  # level → number of districts at that level
    top: list  # (district code, score) of the highest districts, highest first


def roll_up(district_scores: dict, district_count: int, thresholds, *, top: int = 5) -> RollUp:
    """Combine district scores (code → score) of one regency or province."""
    count = max(district_count, len(district_scores), 1)
    scores = list(district_scores.values())
    highest = max(scores, default=0.0)
    by_level = {1: 0, 2: 0, 3: 0}
    for value in scores:
        level = level_for(value, thresholds)
        if level:
            by_level[level] += 1
    ranked = sorted(district_scores.items(), key=lambda item: (-item[1], item[0]))[:top]
    return RollUp(score=highest, level=level_for(highest, thresholds),
                  mean=sum(scores) / count, districts=count, by_level=by_level, top=ranked)
