"""Periodic jobs: a small registry, one pass, and a loop.

An app registers a job in its ``jobs.py`` module (imported by ``discover``)::

    from datetime import timedelta
    from selaras.automation.scheduler import periodic_job

    @periodic_job("send_digests", every=timedelta(hours=1))
    def send_digests(now) -> dict:
        ...  # idempotent: running it twice sends nothing twice
        return {"sent": 3}

``run_pass`` runs every job once (``manage.py run_periodic_jobs``, for cron and
tests); ``run_pass(only_due=True)`` runs the jobs whose interval has passed since
their last start (``manage.py run_scheduler``, the long-running process). Every
run updates the job's ``JobHeartbeat`` row (last start, last finish, ok, summary),
which health checks read.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import JobHeartbeat

logger = logging.getLogger(__name__)

SCHEDULER_HEARTBEAT = "scheduler"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable
    every: timedelta


JOBS: dict[str, PeriodicJob] = {}


def periodic_job(name: str, *, every: timedelta):
    def register(func):
        JOBS[name] = PeriodicJob(name=name, func=func, every=every)
        return func

    return register


def discover() -> dict[str, PeriodicJob]:
    autodiscover_modules("jobs")
    return JOBS


@dataclass
class JobRun:
    name: str
    ok: bool
    summary: dict
    error: str = ""


def run_job(job: PeriodicJob, now=None) -> JobRun:
    now = now or timezone.now()
    beat, _ = JobHeartbeat.objects.get_or_create(name=job.name)
    beat.last_started_at = now
    beat.save(update_fields=["last_started_at"])
    try:
        summary = job.func(now) or {}
        run = JobRun(job.name, True, dict(summary))
    except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
        logger.exception("periodic job %s failed", job.name)
        run = JobRun(job.name, False, {}, f"{type(exc).__name__}: {exc}")
        beat.last_error = traceback.format_exc()[-4000:]
    beat.last_finished_at = timezone.now()
    beat.last_ok = run.ok
    beat.last_summary = run.summary
    beat.runs += 1
    if run.ok:
        beat.last_error = ""
    beat.save()
    return run


def is_due(job: PeriodicJob, now) -> bool:
    beat = JobHeartbeat.objects.filter(name=job.name).first()
    return beat is None or beat.last_started_at is None or beat.last_started_at + job.every <= now


def run_pass(*, only_due: bool = False, names=None, now=None) -> list[JobRun]:
    now = now or timezone.now()
    jobs = discover()
    runs = []
    for name in sorted(jobs):
        job = jobs[name]
        if names and name not in names:
            continue
        if only_due and not is_due(job, now):
            continue
        runs.append(run_job(job, now))
    return runs


def beat_scheduler(now=None) -> None:
    """The scheduler itself is alive (its own heartbeat row)."""
    now = now or timezone.now()
    JobHeartbeat.objects.update_or_create(
        name=SCHEDULER_HEARTBEAT,
        defaults={"last_started_at": now, "last_finished_at": now, "last_ok": True},
    )


def loop(*, interval: int, stop: Callable[[], bool], sleep: Callable[[float], None]) -> None:
    while not stop():
        # Drop stale connections between passes (like Django does between requests) —
        # never from inside a transaction, e.g. a test's.
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            run_pass(only_due=True)
            beat_scheduler()
        except Exception:  # noqa: BLE001 - e.g. the database is briefly unreachable
            logger.exception("scheduler pass failed; trying again in %s s", interval)
        sleep(interval)
