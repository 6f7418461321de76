"""Idempotent POSTs under /api/v1/ (``Idempotency-Key`` header).

* The first request with a key inserts an ``in_progress`` record *before* running
  (unique per user and key), runs, then stores its answer (status, body and the
  headers in ``REPLAYED_HEADERS``).
* A retry with the same key, method, path and body (SHA-256) gets that answer again,
  marked ``Idempotent-Replayed: true``, without running anything.
* The same key with another body, path or method → 422.
* The same key while the first request still runs → 409 (``Retry-After: 1``).
* Server errors (5xx) are not stored: the record is dropped and a retry runs again.
* Keys are per user (two users may use the same key) and kept for
  ``IDEMPOTENCY_TTL_HOURS`` (default 48, at least 24); ``purge_expired`` (a periodic
  job) deletes older ones. An ``in_progress`` record older than
  ``IDEMPOTENCY_LOCK_SECONDS`` (default 300) is taken to be abandoned (a crashed
  worker) and may be taken over.
* Bodies larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (big multipart uploads) cannot be
  hashed in memory: such a request *with* a key is refused with 413 (send it without
  the key); without the key it is handled as usual.
"""

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Location", "Cache-Control",
                    "Allow", "WWW-Authenticate", "Retry-After", "Vary")
KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, no spaces


def ttl() -> timedelta:
    hours = max(24, int(getattr(settings, "IDEMPOTENCY_TTL_HOURS", 48)))
    return timedelta(hours=hours)


def lock_timeout() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "IDEMPOTENCY_LOCK_SECONDS", 300)))


def purge_expired(now=None) -> int:
    """Deletes records older than the TTL; returns how many."""
    cutoff = (now or timezone.now()) - ttl()
    deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class Outcome:
    """What the middleware should do: ``response`` to answer now, or ``record`` to run
    the request and then ``finish`` it."""

    def __init__(self, response: HttpResponse | None = None,
                 record: IdempotencyRecord | None = None):
        self.response = response
        self.record = record


def begin(*, user_id: int, key: str, method: str, path: str, digest: str, error) -> Outcome:
    """Claims the key, or says why not (replay, conflict, in progress)."""
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id, key=key, method=method, path=path[:2000],
                    request_hash=digest)
            return Outcome(record=record)
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
        if existing is None:
            continue  # deleted meanwhile (purged, or a 5xx dropped it): claim again
        stale = existing.created_at < now - ttl()
        abandoned = (existing.state == IdempotencyRecord.State.IN_PROGRESS
                     and existing.created_at < now - lock_timeout())
        if stale or abandoned:
            IdempotencyRecord.objects.filter(pk=existing.pk, state=existing.state,
                                             created_at=existing.created_at).delete()
            continue
        if (existing.request_hash != digest or existing.method != method
                or existing.path != path[:2000]):
            return Outcome(response=error(422, _(
                "This Idempotency-Key was already used for a different request (another "
                "body, path or method). Use a new key for a new request.")))
        if existing.state == IdempotencyRecord.State.IN_PROGRESS:
            response = error(409, _(
                "A request with this Idempotency-Key is still in progress. Wait for it to "
                "finish, then retry to get its answer."))
            response["Retry-After"] = "1"
            return Outcome(response=response)
        return Outcome(response=replay(existing))
    response = error(409, _("A request with this Idempotency-Key is still in progress."))
    response["Retry-After"] = "1"
    return Outcome(response=response)


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.response_status)
    for name, value in (record.response_headers or {}).items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response


def finish(record: IdempotencyRecord, response) -> None:
    """Stores the answer, or drops the claim when it must not be replayed."""
    storable = (not getattr(response, "streaming", False)
                and response.status_code < 500)
    if not storable:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return
    headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        state=IdempotencyRecord.State.DONE,
        response_status=response.status_code,
        response_body=bytes(response.content),
        response_headers=headers,
    )


def abandon(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).delete()
