"""Default deadlines (DESIGN §2): what the case is waiting for, and by when.

verify within 24 h (6 h at level 3); first handling action within 3×24 h (24 h
at level 3); resolution within 30 days. Kept as settings so they can be tuned;
the automation work makes them configurable per level and category.
"""

from datetime import datetime, timedelta

from django.conf import settings

from .models import Status

DEFAULT_HOURS = {
    # status: {alert_level: hours}
    Status.DILAPORKAN: {1: 24, 2: 24, 3: 6},
    Status.TERVERIFIKASI: {1: 72, 2: 72, 3: 24},
    Status.DITANGANI: {1: 30 * 24, 2: 30 * 24, 3: 30 * 24},
}


def hours_for(status: str, level: int) -> int | None:
    table = getattr(settings, "CASE_DEADLINE_HOURS", None) or DEFAULT_HOURS
    return table.get(status, {}).get(int(level))


def compute_due_at(case) -> datetime | None:
    """Deadline of the step the case is waiting for; None when nothing is due."""
    hours = hours_for(case.status, case.alert_level)
    if hours is None:
        return None
    if case.status == Status.DILAPORKAN:
        start = case.reported_at
    elif case.status == Status.TERVERIFIKASI:
        start = case.verified_at or case.reported_at
    else:
        start = case.reported_at
    return start + timedelta(hours=hours)
