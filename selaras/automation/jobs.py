"""The periodic jobs (see ``scheduler.py``): deadline checks here, and the
notifications app's delivery retries and daily digests."""

from datetime import timedelta

from .rules import check_deadlines
from .scheduler import periodic_job

periodic_job("check_deadlines", every=timedelta(minutes=5))(check_deadlines)


@periodic_job("retry_deliveries", every=timedelta(minutes=1))
def retry_deliveries(now) -> dict:
    """Email/WhatsApp/SMS deliveries whose (next) attempt is due (selaras.notifications)."""
    from selaras.notifications import jobs

    return {"tried": jobs.retry_failed_deliveries()}


@periodic_job("daily_digests", every=timedelta(hours=1))
def daily_digests(now) -> dict:
    """Each user's digest of what waits on them, once a day (idempotent per day)."""
    from selaras.notifications import jobs

    return {"sent": jobs.send_daily_digests()}


@periodic_job("worker_ping", every=timedelta(minutes=1))
def worker_ping(now) -> dict:
    """Queue a heartbeat task: when a worker runs it, /readyz knows a worker is alive."""
    from .tasks import worker_heartbeat

    worker_heartbeat.enqueue()
    return {"queued": 1}
