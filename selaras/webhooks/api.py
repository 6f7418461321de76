"""API v1: webhook subscriptions, their delivery log, replay and ping.

A subscription the caller may not see (someone else's, unless the caller is an admin
above its owner) is 404. See docs/api.md ("Webhooks") and ``services.py`` for the rules.
"""

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool

from selaras.core.api import ErrorOut, paginate

from . import services
from .events import EVENT_TYPES
from .models import Delivery, DeliveryStatus, Subscription

router = Router(tags=["webhooks"])

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                422: ErrorOut}
EVENTS_HELP = "Event types to receive, at least one of: " + ", ".join(EVENT_TYPES) + "."


class SubscriptionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="What the receiving system is, e.g. 'SIMPENAIS production'.")
    url: str = Field(description="Where events are POSTed: an http:// or https:// URL.")
    events: list[str] = Field(description=EVENTS_HELP)
    active: StrictBool = True
    owner: str | None = Field(
        None, description="Admins only: the username (e.g. a service account) that owns the "
                          "subscription; deliveries carry what that user may see. "
                          "Default: the caller.")


class SubscriptionPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    url: str | None = None
    events: list[str] | None = Field(None, description=EVENTS_HELP)
    active: StrictBool | None = Field(
        None, description="false disables; true enables again and clears the failure count.")


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    active: bool
    owner: str = Field(description="Username of the owner.")
    disabled_at: datetime | None
    disabled_reason: str
    consecutive_failures: int = Field(description="Failed attempts in a row; the subscription "
                                                  "is disabled when it reaches the limit.")
    created_at: datetime
    updated_at: datetime


class SubscriptionWithSecret(SubscriptionOut):
    secret: str = Field(description="The signing secret. Shown only now: store it safely.")


class SubscriptionList(Schema):
    items: list[SubscriptionOut]
    count: int


class DeliveryOut(Schema):
    id: UUID = Field(description="The delivery id (header X-Selaras-Delivery).")
    event_id: UUID = Field(description="The event id (the payload's `id`; the same on replays).")
    event_type: str
    case: str | None = Field(description="The case number, if the event is about a case.")
    status: str = Field(description="pending, succeeded, failed (will retry) or gave_up.")
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(description="The receiver's last HTTP status.")
    last_response: str = Field(description="Start of the receiver's answer, or the error.")
    delivered_at: datetime | None
    replay_of: UUID | None
    created_at: datetime


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class DeliveryQuery(Schema):
    status: str = Field("", description="pending, succeeded, failed or gave_up.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


def subscription_data(subscription: Subscription) -> dict:
    return {
        "id": subscription.pk,
        "name": subscription.name,
        "url": subscription.url,
        "events": list(subscription.events),
        "active": subscription.active,
        "owner": subscription.owner.get_username(),
        "disabled_at": subscription.disabled_at,
        "disabled_reason": subscription.disabled_reason,
        "consecutive_failures": subscription.consecutive_failures,
        "created_at": subscription.created_at,
        "updated_at": subscription.updated_at,
    }


def delivery_data(delivery: Delivery) -> dict:
    return {
        "id": delivery.pk,
        "event_id": delivery.event_id,
        "event_type": delivery.event.type,
        "case": delivery.event.case.number if delivery.event.case_id else None,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at,
        "last_attempt_at": delivery.last_attempt_at,
        "last_status_code": delivery.last_status_code,
        "last_response": delivery.last_response,
        "delivered_at": delivery.delivered_at,
        "replay_of": delivery.replay_of_id,
        "created_at": delivery.created_at,
    }


def _visible(request, subscription_id: int) -> Subscription:
    services._require_owner_rights(request.auth)
    return services.get_subscription(request.auth, subscription_id)


@router.get("/webhooks", response={200: SubscriptionList, **READ_ERRORS},
            summary="My webhook subscriptions")
def list_subscriptions(request: HttpRequest):
    """The caller's subscriptions; an admin also sees those of the users of their offices."""
    services._require_owner_rights(request.auth)
    items = [subscription_data(s) for s in services.visible_subscriptions(request.auth)]
    return {"items": items, "count": len(items)}


@router.post("/webhooks", response={201: SubscriptionWithSecret, **WRITE_ERRORS},
             summary="Create a webhook subscription")
def create_subscription(request: HttpRequest, payload: SubscriptionIn):
    """Answers with the signing `secret`: it is shown only in this answer (and when it is
    rotated). 422 for a bad URL, an unknown event type or an empty event list."""
    subscription = services.create_subscription(actor=request.auth, **payload.model_dump())
    return Status(201, {**subscription_data(subscription), "secret": subscription.secret})


@router.get("/webhooks/{subscription_id}", response={200: SubscriptionOut, **READ_ERRORS},
            summary="Get one webhook subscription")
def get_subscription(request: HttpRequest, subscription_id: int):
    return subscription_data(_visible(request, subscription_id))


@router.patch("/webhooks/{subscription_id}", response={200: SubscriptionOut, **WRITE_ERRORS},
              summary="Change a webhook subscription")
def update_subscription(request: HttpRequest, subscription_id: int,
                        payload: SubscriptionPatch):
    """Changes only the fields sent. `active: true` enables a disabled subscription again
    and clears its failure count."""
    subscription = _visible(request, subscription_id)
    changes = payload.model_dump(exclude_unset=True)
    for field in ("name", "url", "events", "active"):
        if field in changes and changes[field] is None:
            changes[field] = ""  # explicit null: refused by the same checks as empty
    updated = services.update_subscription(actor=request.auth, subscription=subscription,
                                           changes=changes)
    return subscription_data(updated)


@router.delete("/webhooks/{subscription_id}", response={204: None, **WRITE_ERRORS},
               summary="Delete a webhook subscription")
def delete_subscription(request: HttpRequest, subscription_id: int):
    """Deletes it with its delivery log; nothing more is sent."""
    subscription = _visible(request, subscription_id)
    services.delete_subscription(actor=request.auth, subscription=subscription)
    return Status(204, None)


@router.post("/webhooks/{subscription_id}/rotate-secret",
             response={200: SubscriptionWithSecret, **WRITE_ERRORS},
             summary="Replace the signing secret")
def rotate_secret(request: HttpRequest, subscription_id: int):
    """Every delivery from now on is signed with the new secret (shown only in this answer)."""
    subscription = services.rotate_secret(actor=request.auth,
                                          subscription=_visible(request, subscription_id))
    return {**subscription_data(subscription), "secret": subscription.secret}


@router.get("/webhooks/{subscription_id}/deliveries", response={200: DeliveryPage,
                                                                 422: ErrorOut, **READ_ERRORS},
            summary="Delivery log of a subscription")
def list_deliveries(request: HttpRequest, subscription_id: int,
                    params: Query[DeliveryQuery]):
    """Newest first; `status=` filters (pending, succeeded, failed, gave_up)."""
    subscription = _visible(request, subscription_id)
    if params.status and params.status not in DeliveryStatus.values:
        from django.utils.translation import gettext as _

        from selaras.core.errors import ValidationError

        raise ValidationError({"status": [_("Must be one of: %(v)s.") % {
            "v": ", ".join(DeliveryStatus.values)}]})
    queryset = services.deliveries_of(subscription, status=params.status)
    page = paginate(request, queryset, page=params.page, page_size=params.page_size)
    page["items"] = [delivery_data(d) for d in page["items"]]
    return page


@router.post("/webhooks/{subscription_id}/deliveries/{delivery_id}/replay",
             response={202: DeliveryOut, **WRITE_ERRORS},
             summary="Send a delivery again")
def replay_delivery(request: HttpRequest, subscription_id: int, delivery_id: str):
    """Queues a fresh delivery of the same event with the same body (same event `id`, new
    delivery id). 409 if the subscription is disabled or its owner may no longer see the
    case."""
    subscription = _visible(request, subscription_id)
    delivery = services.get_delivery(subscription, delivery_id)
    fresh = services.replay(actor=request.auth, subscription=subscription, delivery=delivery)
    return Status(202, delivery_data(fresh))


@router.post("/webhooks/{subscription_id}/ping", response={202: DeliveryOut, **WRITE_ERRORS},
             summary="Send a ping event")
def ping(request: HttpRequest, subscription_id: int):
    """Queues a `ping` event to the URL (to test the receiver and its signature check)."""
    subscription = _visible(request, subscription_id)
    delivery = services.ping(actor=request.auth, subscription=subscription)
    return Status(202, delivery_data(delivery))
