"""Appending to and verifying the hash chain."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead, AuditKind

GENESIS = "0" * 64


def _jsonable(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def canonical(entry: AuditEntry) -> str:
    """The exact bytes the hash covers: content fields and prev_hash, sorted keys."""
    payload = {
        "seq": int(entry.seq),
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "subject_id": entry.subject_id,
        "kind": entry.kind,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "case_number": entry.case_number,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry).encode("utf-8")).hexdigest()


def _with_request_id(data: dict) -> dict:
    """The id of the HTTP request that wrote the row (selaras.core.requestid), so an
    auditor can find its log lines; covered by the hash like the rest of ``data``."""
    from selaras.core.requestid import current

    request_id = current()
    if request_id != "-" and isinstance(data, dict):
        data.setdefault("request_id", request_id)
    return data


def _label(user) -> str:
    if user is None:
        return ""
    return getattr(user, "username", "") or str(user)


def append(*, kind: str, action: str, actor=None, subject_id=None, object_type: str = "",
           object_id="", case_number: str = "", data=None) -> AuditEntry:
    """Append one entry at the head of the chain, in the caller's transaction.

    The head row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
    writers through its IMMEDIATE transactions), so two appends never fork the chain.
    """
    if actor is not None and not getattr(actor, "pk", None):
        actor = None  # AnonymousUser
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(727361)")
            head, _ = AuditHead.objects.get_or_create(pk=1)
            head = AuditHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor,
            actor_label=_label(actor),
            subject_id=subject_id,
            kind=kind,
            action=action[:50],
            object_type=object_type,
            object_id=str(object_id if object_id is not None else ""),
            case_number=case_number or "",
            data=_with_request_id(_jsonable(data or {})),
            prev_hash=head.hash or GENESIS,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def append_case_event(event) -> AuditEntry:
    """Mirror one CaseEvent into the chain (called by cases.services.record_event)."""
    case = event.case
    return append(
        kind=AuditKind.CASE_EVENT,
        action=event.action or event.kind,
        actor=event.actor,
        object_type="case_event",
        object_id=event.pk,
        case_number=case.number,
        data={
            "event_kind": event.kind,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "from_unit": event.from_unit_id,
            "to_unit": event.to_unit_id,
            "reason": event.reason,
            "data": event.data,
        },
    )


def security(action: str, *, actor=None, subject_id=None, object_type: str = "user",
             object_id="", data=None) -> AuditEntry:
    return append(kind=AuditKind.SECURITY, action=action, actor=actor, subject_id=subject_id,
                  object_type=object_type, object_id=object_id, data=data)


@dataclass
class Problem:
    seq: int
    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"row seq={self.seq} (id={self.entry_id}): {self.reason}"


@dataclass
class Result:
    count: int
    head_seq: int
    head_hash: str
    problem: Problem | None


def verify() -> Result:
    """Walk the chain in seq order; report the first row edited, deleted or reordered."""
    expected_prev, expected_seq, count, last = GENESIS, 1, 0, None
    rows = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    for entry in rows:
        count += 1
        if entry.seq != expected_seq:
            return Result(count, expected_seq - 1, expected_prev, Problem(
                entry.seq, entry.pk,
                f"sequence gap: expected seq {expected_seq} — a row before it was deleted"))
        if entry.prev_hash != expected_prev:
            return Result(count, entry.seq - 1, expected_prev, Problem(
                entry.seq, entry.pk,
                "prev_hash does not match the previous row — rows were reordered or replaced"))
        if compute_hash(entry) != entry.hash:
            return Result(count, entry.seq - 1, expected_prev, Problem(
                entry.seq, entry.pk, "content does not match its hash — the row was edited"))
        expected_prev, expected_seq, last = entry.hash, entry.seq + 1, entry
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = last.seq if last else 0
    if head is not None and (head.seq != last_seq or (last and head.hash != last.hash)):
        return Result(count, last_seq, expected_prev, Problem(
            last_seq + 1, 0,
            f"the chain head says seq {head.seq} but the last row is {last_seq} — "
            "rows at the end were deleted or the head was altered"))
    return Result(count, last_seq, expected_prev, None)


def export_head() -> dict:
    last = AuditEntry.objects.order_by("-seq").first()
    if last is None:
        return {"seq": 0, "hash": GENESIS, "created_at": None}
    return {"seq": last.seq, "hash": last.hash,
            "created_at": last.created_at.astimezone(UTC).isoformat()}
