"""API v1: the caller's own notifications (inbox) and marking them read.

Every endpoint works on the caller's notifications only; another user's id is 404.
"""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from selaras.core.api import (
    ErrorOut,
    cursor_query_field,
    next_cursor_field,
    page_number_field,
    paginate,
)

from . import selectors, services
from .models import DEFAULT_CHANNELS, Kind, Notification, NotificationPreference

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="case_assigned, case_level3, deadline_reminder, "
                                  "auto_escalated, task_assigned or digest.")
    kind_label: str
    case: str | None = Field(description="The case number, if the notification is about one.")
    subject: str
    body: str
    url: str = Field(description="Where to look in the web UI (a path), or empty.")
    created_at: datetime
    read_at: datetime | None
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    unread_count: int
    page: int | None = page_number_field()
    page_size: int
    next: str | None
    previous: str | None
    next_cursor: str | None = next_cursor_field()


class NotificationQuery(Schema):
    unread: bool = Field(False, description="1/true: only unread notifications.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    cursor: str | None = cursor_query_field()


class ReadAllOut(Schema):
    marked: int = Field(description="How many notifications were unread and are now read.")


def notification_data(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "kind_label": str(notification.get_kind_display()),
        "case": notification.case.number if notification.case_id else None,
        "subject": notification.subject,
        "body": notification.body,
        "url": notification.url,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
        "read": notification.read_at is not None,
    }


@router.get("/notifications", response={200: NotificationPage, 401: ErrorOut, 422: ErrorOut},
            summary="My notifications (inbox)")
def list_notifications(request: HttpRequest, params: Query[NotificationQuery]):
    """The caller's notifications, newest first; `unread=1` for the unread ones only."""
    user = request.auth
    queryset = selectors.inbox(user, unread_only=params.unread)
    page = paginate(request, queryset, page=params.page, page_size=params.page_size)
    page["items"] = [notification_data(n) for n in page["items"]]
    page["unread_count"] = (page["count"] if params.unread
                            else selectors.inbox(user, unread_only=True).count())
    return page


@router.post("/notifications/read-all", response={200: ReadAllOut, 401: ErrorOut},
             summary="Mark all my notifications read")
def read_all(request: HttpRequest):
    return {"marked": services.mark_all_read(user=request.auth)}


@router.post("/notifications/{notification_id}/read",
             response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut},
             summary="Mark one notification read")
def read_one(request: HttpRequest, notification_id: int):
    """Idempotent: marking a read notification again keeps its first read time."""
    notification = services.mark_read(user=request.auth, notification_id=notification_id)
    return notification_data(notification)


class PreferenceOut(Schema):
    kind: str
    kind_label: str
    channels: list[str] = Field(description="email, whatsapp and/or sms; in-app is always on.")


class PreferencesOut(Schema):
    items: list[PreferenceOut]


class PreferencesIn(Schema):
    channels: dict[str, list[str]] = Field(
        description="Kind → the channels wanted for it (email, whatsapp, sms); an empty "
                    "list turns the channels off. Kinds not given keep their setting.",
        examples=[{"case_assigned": ["email"], "case_level3": ["email", "whatsapp"]}])


def _preferences(user) -> dict:
    stored = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channels")
    )
    return {"items": [
        {"kind": kind, "kind_label": str(label),
         "channels": list(stored.get(kind, DEFAULT_CHANNELS.get(kind, [])))}
        for kind, label in Kind.choices
    ]}


@router.get("/notifications/preferences", response={200: PreferencesOut, 401: ErrorOut},
            summary="My notification settings")
def get_preferences(request: HttpRequest):
    """The caller's channels per kind of notification (the defaults if never chosen)."""
    return _preferences(request.auth)


@router.put("/notifications/preferences",
            response={200: PreferencesOut, 401: ErrorOut, 422: ErrorOut},
            summary="Change my notification settings")
def put_preferences(request: HttpRequest, payload: PreferencesIn):
    """Same rules as the settings page: unknown kinds or channels are 422, nothing saved."""
    services.set_preferences(user=request.auth, choices=payload.channels)
    return _preferences(request.auth)
