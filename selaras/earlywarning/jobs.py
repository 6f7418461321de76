"""Periodic early-warning work: recompute district scores, snapshot the week, raise alerts."""

from datetime import timedelta

from selaras.automation.scheduler import periodic_job

from . import services


@periodic_job("earlywarning_recompute", every=timedelta(hours=1))
def recompute_risk(now) -> dict:
    # Idempotent: alerts are raised only on an upward crossing against the stored level.
    return services.recompute(now)
