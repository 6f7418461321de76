"""Reads of notifications: always the caller's own."""

from django.db.models import QuerySet

from .models import Notification


def inbox(user, *, unread_only: bool = False) -> QuerySet:
    queryset = Notification.objects.filter(user=user).select_related("case")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")
