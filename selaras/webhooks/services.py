"""Webhook subscriptions and their events: the one way in for writes (API and web UI alike).

Who may own a subscription: a user with at least one case-viewing membership
(pelapor, penangan, kepala, analis, auditor) or the admin role. Deliveries carry only
the cases the owner may view, as the owner sees them (analysts and auditors get personal
data masked); an owner who sees no case receives pings only.

Who sees a subscription: its owner; and an admin, for subscriptions whose owner has a
membership in the admin's unit or below it (a Pusat admin sees all). Anyone else gets
404, as if it did not exist.

Every change of a subscription is a ``security`` row in the audit chain, with the actor
and the owner (subject): ``webhook_subscription_created``, ``_changed`` (the names of
the fields, old and new values except the URL), ``_disabled`` / ``_enabled`` (by a user,
or by the delivery worker after repeated failures: no actor), ``_deleted`` and
``_secret_rotated``. Of the URL only the host is recorded: a receiver's path or query may
carry a token of its own, and audit rows are kept for ever. The secret is never recorded.
"""

import json
import logging
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role

from . import addresses
from .events import EVENT_TYPES, PING, event_types_for
from .models import Delivery, DeliveryStatus, Subscription, WebhookEvent, new_secret

logger = logging.getLogger(__name__)

MAX_NAME = 100
MAX_URL = 500


# --------------------------------------------------------------------------- who


def _view_roles():
    from selaras.cases.access import VIEW_ROLES

    return VIEW_ROLES


def may_own(user) -> bool:
    """Whether ``user`` may own (and so manage) webhook subscriptions."""
    roles = {g.role for g in grants_for(user)}
    return bool(roles & _view_roles()) or Role.ADMIN in roles


def is_webhook_admin(user) -> bool:
    return any(g.role == Role.ADMIN for g in grants_for(user))


def visible_subscriptions(user):
    """The subscriptions ``user`` may see and manage."""
    q = Q(owner=user)
    for grant in grants_for(user):
        if grant.role == Role.ADMIN:
            q |= Q(owner__memberships__unit__path__startswith=grant.unit_path)
    ids = Subscription.objects.filter(q).values("pk")
    return Subscription.objects.filter(pk__in=ids).select_related("owner")


def get_subscription(user, subscription_id) -> Subscription:
    try:
        pk = int(subscription_id)
    except (TypeError, ValueError):
        raise Http404(_("No such webhook subscription.")) from None
    if not 0 < pk < 2**63:  # beyond any id the database can hold (no overflow error)
        raise Http404(_("No such webhook subscription."))
    subscription = visible_subscriptions(user).filter(pk=pk).first()
    if subscription is None:
        raise Http404(_("No such webhook subscription."))
    return subscription


def get_delivery(subscription: Subscription, delivery_id) -> Delivery:
    uid = _uuid_or_none(delivery_id)
    found = None
    if uid is not None:
        found = Delivery.objects.filter(subscription=subscription, pk=uid).select_related(
            "event", "event__case").first()
    if found is None:
        raise Http404(_("No such delivery."))
    return found


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _require_owner_rights(actor) -> None:
    if not may_own(actor):
        raise PermissionDenied(_("Only users who may view cases, and admins, may manage "
                                 "webhook subscriptions."))


# --------------------------------------------------------------------------- validation


def clean_name(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"name": [_("Give the subscription a name.")]})
    value = value.strip()
    if len(value) > MAX_NAME or "\x00" in value:
        raise ValidationError({"name": [_("At most %(n)d characters.") % {"n": MAX_NAME}]})
    return value


def clean_url(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({"url": [_("Give the address (URL) that receives the events.")]})
    value = value.strip()
    if len(value) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in value):
        raise ValidationError({"url": [_("Not a valid URL (at most %(n)d characters, no "
                                          "spaces).") % {"n": MAX_URL}]})
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValidationError({"url": [_("Not a valid URL.")]}) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError({"url": [_("The URL must start with https:// or http://.")]})
    if not parts.hostname:
        raise ValidationError({"url": [_("The URL has no host name.")]})
    if parts.username or parts.password:
        raise ValidationError({"url": [_("Put no user name or password in the URL; "
                                          "receivers check the signature instead.")]})
    if parts.fragment:
        raise ValidationError({"url": [_("The URL must not have a #fragment.")]})
    blocked = addresses.blocked_address(value)
    if blocked is not None:
        raise ValidationError({"url": [_("The URL leads to %(address)s, which is not a public "
                                          "address; webhooks are sent to public addresses "
                                          "only.") % {"address": blocked}]})
    return value


def clean_events(value) -> list[str]:
    if value is None or value == "":
        value = []
    if not isinstance(value, list | tuple):
        raise ValidationError({"events": [_("Must be a list of event types.")]})
    if not value:
        raise ValidationError({"events": [_("Choose at least one event type.")]})
    unknown = [str(v) for v in value if not isinstance(v, str) or v not in EVENT_TYPES]
    if unknown:
        raise ValidationError({"events": [
            _("Unknown event type(s): %(bad)s. Known types: %(known)s.") % {
                "bad": ", ".join(unknown), "known": ", ".join(EVENT_TYPES)}]})
    return [name for name in EVENT_TYPES if name in set(value)]


def _resolve_owner(actor, owner):
    """The owner a caller asks for: themself, or (admins) a user of their subtree."""
    if owner in (None, "") or owner == actor or getattr(owner, "username", owner) == \
            actor.get_username():
        return actor
    if not is_webhook_admin(actor):
        raise ValidationError({"owner": [_("Only admins may create a subscription for "
                                           "another user.")]})
    username = owner.get_username() if hasattr(owner, "get_username") else str(owner)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    admin_paths = [g.unit_path for g in grants_for(actor) if g.role == Role.ADMIN]
    in_subtree = user is not None and any(
        g.unit_path.startswith(path) for g in grants_for(user) for path in admin_paths)
    if not in_subtree:
        raise ValidationError({"owner": [_("Unknown user '%(name)s' (or outside your "
                                           "offices).") % {"name": username}]})
    if not may_own(user):
        raise ValidationError({"owner": [_("This user may not view cases, so a subscription "
                                           "would receive nothing.")]})
    return user


# --------------------------------------------------------------------------- audit


def _host(url: str) -> str:
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:
        return ""


def audit(action: str, *, actor, subscription: Subscription, **data) -> None:
    """One security row in the audit chain for a change of ``subscription``."""
    from selaras.audit.services import security

    security(f"webhook_subscription_{action}", actor=actor, subject_id=subscription.owner_id,
             object_type="webhook_subscription", object_id=subscription.pk,
             data={"name": subscription.name, "host": _host(subscription.url), **data})


# --------------------------------------------------------------------------- subscriptions


def create_subscription(*, actor, name, url, events, active: bool = True,
                        owner=None) -> Subscription:
    """A new subscription; its ``secret`` is readable on the returned object (show it once)."""
    _require_owner_rights(actor)
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field, cleaner, value in (("name", clean_name, name), ("url", clean_url, url),
                                  ("events", clean_events, events)):
        try:
            cleaned[field] = cleaner(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        owner_user = _resolve_owner(actor, owner)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subscription = Subscription.objects.create(owner=owner_user, created_by=actor,
                                                   active=bool(active), **cleaned)
        audit("created", actor=actor, subscription=subscription,
              owner=owner_user.get_username(), events=subscription.events,
              active=subscription.active)
    return subscription


def update_subscription(*, actor, subscription: Subscription, changes: dict) -> Subscription:
    """Change name, url, events or active. Re-enabling clears the failure count."""
    errors: dict[str, list[str]] = {}
    cleaners = {"name": clean_name, "url": clean_url, "events": clean_events}
    cleaned = {}
    for field, value in changes.items():
        if field in cleaners:
            try:
                cleaned[field] = cleaners[field](value)
            except ValidationError as exc:
                errors.update(exc.message_dict)
        elif field == "active":
            if not isinstance(value, bool):
                errors["active"] = [_("Must be true or false.")]
            else:
                cleaned["active"] = value
        else:
            errors[field] = [_("Unknown field.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Subscription.objects.select_for_update().get(pk=subscription.pk)
        before = {field: getattr(current, field) for field in cleaned}
        for field, value in cleaned.items():
            setattr(current, field, value)
        if cleaned.get("active") is True and not subscription.active:
            current.consecutive_failures = 0
            current.disabled_at = None
            current.disabled_reason = ""
        elif cleaned.get("active") is False and subscription.active:
            current.disabled_at = timezone.now()
            current.disabled_reason = _("Disabled by %(user)s.") % {
                "user": actor.get_username()}
        current.save()
        _audit_update(actor, current, before)
    return current


def _audit_update(actor, subscription: Subscription, before: dict) -> None:
    changed = {field: [old, getattr(subscription, field)] for field, old in before.items()
               if old != getattr(subscription, field)}
    toggled = changed.pop("active", None)
    if "url" in changed:  # only the hosts (see the module's docstring)
        changed["url"] = [_host(changed["url"][0]), _host(changed["url"][1])]
    if changed:
        audit("changed", actor=actor, subscription=subscription, fields=sorted(changed),
              changes=changed)
    if toggled is not None:
        audit("enabled" if subscription.active else "disabled", actor=actor,
              subscription=subscription)


def delete_subscription(*, actor, subscription: Subscription) -> None:
    with transaction.atomic():
        audit("deleted", actor=actor, subscription=subscription,
              owner=subscription.owner.get_username())
        subscription.delete()


def rotate_secret(*, actor, subscription: Subscription) -> Subscription:
    """A new secret at once; the old one stops signing now (show the new one once)."""
    with transaction.atomic():
        subscription.secret = new_secret()
        subscription.save(update_fields=["secret", "updated_at"])
        audit("secret_rotated", actor=actor, subscription=subscription)
    return subscription


# --------------------------------------------------------------------------- payloads


def body_text(payload: dict) -> str:
    """The JSON text sent (its UTF-8 bytes are signed)."""
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False,
                      separators=(",", ":"))


def case_payload(event: WebhookEvent, case, owner, change: dict) -> str:
    from selaras.cases.schemas import case_data

    return body_text({
        "id": str(event.id),
        "type": event.type,
        "occurred_at": timezone.localtime(event.occurred_at),
        "data": {"case": case_data(case, owner), "change": change},
    })


def _change(case_event) -> dict:
    """What happened, without free text or values (those are in the case as the owner
    sees it): for changed details only the names of the fields."""
    change = {
        "kind": case_event.kind,
        "action": case_event.action,
        "from_status": case_event.from_status,
        "to_status": case_event.to_status,
        "from_unit": case_event.from_unit.code if case_event.from_unit_id else None,
        "to_unit": case_event.to_unit.code if case_event.to_unit_id else None,
    }
    data = case_event.data if isinstance(case_event.data, dict) else {}
    if isinstance(data.get("changes"), dict):
        change["fields"] = sorted(data["changes"])
    return change


def _owner_sees(owner, case) -> bool:
    from selaras.cases.models import Case

    return owner.is_active and Case.objects.restrict(owner, "view").filter(pk=case.pk).exists()


# --------------------------------------------------------------------------- fan-out


def dispatch_case_event(case_event_id: int) -> list[Delivery]:
    """Turn one committed timeline entry into deliveries for the subscriptions that want
    it and whose owner may view the case; hands them to the worker. Idempotent."""
    from selaras.cases.models import CaseEvent

    case_event = CaseEvent.objects.select_related("from_unit", "to_unit").filter(
        pk=case_event_id).first()
    if case_event is None:
        return []
    types = event_types_for(kind=case_event.kind, action=case_event.action,
                            from_status=case_event.from_status,
                            to_status=case_event.to_status)
    if not types:
        return []
    wanted = [s for s in Subscription.objects.filter(active=True).select_related("owner")
              if set(s.events) & set(types)]
    if not wanted:
        return []
    from selaras.cases.models import Case

    case = Case.objects.select_related(
        "category", "handling_unit", "location", "duplicate_of").get(pk=case_event.case_id)
    change = _change(case_event)
    created: list[Delivery] = []
    now = timezone.now()
    for event_type in types:
        receivers = [s for s in wanted if event_type in s.events]
        if not receivers:
            continue
        event, _new = WebhookEvent.objects.get_or_create(
            case_event=case_event, type=event_type,
            defaults={"occurred_at": case_event.created_at, "case": case})
        for subscription in receivers:
            owner = subscription.owner
            if not _owner_sees(owner, case):
                continue
            body = case_payload(event, case, owner, change)
            try:
                with transaction.atomic():
                    created.append(Delivery.objects.create(
                        subscription=subscription, event=event, body=body,
                        next_attempt_at=now))
            except IntegrityError:
                continue  # already dispatched
    enqueue([d.pk for d in created])
    return created


def ping(*, actor, subscription: Subscription) -> Delivery:
    """Queue a ``ping`` event to the subscription (to test the receiver)."""
    if not subscription.active:
        raise ActionNotAllowed(_("The subscription is disabled. Enable it first."))
    with transaction.atomic():
        event = WebhookEvent.objects.create(type=PING, occurred_at=timezone.now())
        body = body_text({
            "id": str(event.id),
            "type": PING,
            "occurred_at": timezone.localtime(event.occurred_at),
            "data": {"subscription": {"id": subscription.pk, "name": subscription.name,
                                      "events": subscription.events}},
        })
        delivery = Delivery.objects.create(subscription=subscription, event=event,
                                           body=body, next_attempt_at=timezone.now())
        transaction.on_commit(lambda: enqueue([delivery.pk]), robust=True)
    return delivery


def replay(*, actor, subscription: Subscription, delivery: Delivery) -> Delivery:
    """Queue a fresh delivery of the same event with the same body (same event id)."""
    if not subscription.active:
        raise ActionNotAllowed(_("The subscription is disabled. Enable it first."))
    event = delivery.event
    if event.case_id is not None and not _owner_sees(subscription.owner, event.case):
        raise ActionNotAllowed(_("The subscription's owner may no longer view this case."))
    with transaction.atomic():
        fresh = Delivery.objects.create(
            subscription=subscription, event=event, body=delivery.body,
            replay_of=delivery.replay_of or delivery, next_attempt_at=timezone.now())
        transaction.on_commit(lambda: enqueue([fresh.pk]), robust=True)
    return fresh


def enqueue(delivery_ids) -> None:
    """Hand deliveries to the task worker; if that fails the retry job sends them."""
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.enqueue(str(delivery_id))
        except Exception:  # noqa: BLE001 - a queue outage must not break the caller
            logger.exception("Could not enqueue webhook delivery %s; the retry job will send it",
                             delivery_id)


def deliveries_of(subscription: Subscription, *, status: str = ""):
    queryset = Delivery.objects.filter(subscription=subscription).select_related(
        "event", "event__case")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


VALID_STATUSES = tuple(DeliveryStatus.values)
