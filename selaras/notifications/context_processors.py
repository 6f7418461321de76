from django.utils.functional import SimpleLazyObject


def unread_count(request):
    """``notifications_unread``: the signed-in user's unread count, one query, only if used.

    Lazy, so a page that does not show the badge (or an anonymous visitor) costs nothing.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}

    def count() -> int:
        from .models import Notification

        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"notifications_unread": SimpleLazyObject(count)}
