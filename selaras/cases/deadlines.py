"""Deadlines (DESIGN §2): what the case is waiting for, and by when.

The durations come from the deadline policies Pusat edits at /pengaturan/tenggat/
(``selaras.automation.models.DeadlinePolicy``): the most specific policy wins —
the case's alert level with its sub-category, then with its category, then the
level's default. Defaults (seeded): verify within 24 h (6 h at level 3); first
handling action within 3×24 h (24 h at level 3); resolution within 30 days.

* dilaporkan: verification is due ``verify_hours`` after the report;
* terverifikasi: handling has not started (the first handling action starts it),
  so the first action is due ``first_action_hours`` after verification;
* ditangani: resolution is due ``resolve_days`` after the report;
* every other status waits for nobody: no deadline.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Q

from .models import Status

# step → the status that waits for it
STEP_BY_STATUS = {
    Status.DILAPORKAN: "verify",
    Status.TERVERIFIKASI: "first_action",
    Status.DITANGANI: "resolve",
}


@dataclass(frozen=True)
class Durations:
    verify_hours: int
    first_action_hours: int
    resolve_days: int


# Used only when no policy row exists (e.g. a database migrated without the seed).
DEFAULT_DURATIONS = {
    1: Durations(24, 72, 30),
    2: Durations(24, 72, 30),
    3: Durations(6, 24, 30),
}


def durations_for(level: int, category_codes: list[str]) -> Durations:
    """The most specific policy for this level and these category codes (most specific first)."""
    DeadlinePolicy = apps.get_model("automation", "DeadlinePolicy")
    codes = [c for c in category_codes if c]
    policies = {
        p.category_id: p
        for p in DeadlinePolicy.objects.filter(
            Q(category__isnull=True) | Q(category_id__in=codes), alert_level=int(level)
        ).only("category_id", "verify_hours", "first_action_hours", "resolve_days")
    }
    for key in [*codes, None]:
        policy = policies.get(key)
        if policy is not None:
            return Durations(policy.verify_hours, policy.first_action_hours, policy.resolve_days)
    return DEFAULT_DURATIONS.get(int(level), DEFAULT_DURATIONS[1])


def deadline_step(case) -> str | None:
    """The step the case waits for: "verify", "first_action", "resolve" or None."""
    return STEP_BY_STATUS.get(case.status)


def compute_due_at(case) -> datetime | None:
    """Deadline of the step the case is waiting for; None when nothing is due."""
    step = deadline_step(case)
    if step is None:
        return None
    durations = durations_for(case.alert_level, [case.subcategory_id, case.category_id])
    if step == "verify":
        return case.reported_at + timedelta(hours=durations.verify_hours)
    if step == "first_action":
        return (case.verified_at or case.reported_at) + timedelta(
            hours=durations.first_action_hours)
    return case.reported_at + timedelta(days=durations.resolve_days)
