from django import template
from django.utils import timezone

from selaras.privacy.access import is_dpo as _is_dpo

register = template.Library()


@register.filter
def is_dpo(user) -> bool:
    """For the main menu: the privacy pages are the DPO's."""
    return _is_dpo(user)


@register.inclusion_tag("privacy/_clock.html")
def clock(due_at, done_at=None):
    """The 3×24-hour clock: time left, overdue, or met (done before/after the deadline)."""
    now = timezone.now()
    if done_at is not None:
        return {"state": "met" if done_at <= due_at else "late", "due_at": due_at}
    seconds = int((due_at - now).total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    return {"state": "overdue" if seconds < 0 else "running", "due_at": due_at,
            "hours": hours, "minutes": rest // 60}
