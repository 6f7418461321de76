"""Background tasks (Django's tasks framework; the worker backend is set in settings.TASKS)."""

from django.tasks import task

from .delivery import deliver


@task
def deliver_webhook(delivery_id: str) -> str:
    return deliver(delivery_id)
