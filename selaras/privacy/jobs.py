"""Periodic job: apply the retention schedule (selaras/privacy/retention.py) daily."""

from datetime import timedelta

from selaras.automation.scheduler import periodic_job

from .anonymisation import apply_retention


@periodic_job("apply_retention", every=timedelta(hours=24))
def apply_retention_job(now) -> dict:
    return apply_retention(now).summary()
