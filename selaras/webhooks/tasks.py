"""Background tasks (Django's tasks framework; the worker backend is set in settings.TASKS)."""

from django.tasks import task

from . import services
from .delivery import deliver


@task
def dispatch_case_event_task(case_event_id: int) -> int:
    """Build the deliveries of one committed timeline entry (off the request)."""
    return len(services.dispatch_case_event(case_event_id))


@task
def deliver_webhook(delivery_id: str) -> str:
    return deliver(delivery_id)
