"""Background tasks (Django's tasks framework; the worker is ``manage.py db_worker``)."""

from django.tasks import task


@task
def alert_level3(case_id: int, event_id: int) -> dict:
    from .alerts import send_level3_alert

    return send_level3_alert(case_id, event_id)


@task
def recompute_due_dates(alert_level: int) -> int:
    from .policies import recompute_due_dates as recompute

    return recompute(alert_level)


@task
def worker_heartbeat() -> str:
    """Run by the worker: proves to /readyz that a worker takes tasks off the queue."""
    from django.utils import timezone

    from .models import JobHeartbeat

    now = timezone.now()
    JobHeartbeat.objects.update_or_create(
        name=WORKER_HEARTBEAT,
        defaults={"last_started_at": now, "last_finished_at": now, "last_ok": True},
    )
    return now.isoformat()


WORKER_HEARTBEAT = "worker"
