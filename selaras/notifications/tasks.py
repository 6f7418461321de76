"""Background tasks (Django's tasks framework; the worker backend is set in settings.TASKS)."""

from django.tasks import task

from .delivery import deliver


@task
def deliver_task(delivery_id: int) -> str:
    return deliver(delivery_id)
