"""Periodic job: forget idempotency keys older than ``IDEMPOTENCY_TTL_HOURS``."""

from datetime import timedelta

from selaras.automation.scheduler import periodic_job

from .idempotency import purge_expired


@periodic_job("purge_idempotency_keys", every=timedelta(hours=1))
def purge_idempotency_keys(now) -> dict:
    return {"deleted": purge_expired(now)}
