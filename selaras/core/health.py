"""Readiness checks behind /readyz: database, attachment storage, worker and scheduler.

Each check returns ``(ok, detail)``; ``/readyz`` answers 200 only when all pass, so a
load balancer takes an instance out when its database, its storage or the background
processes it depends on are gone. Ages are in seconds.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection
from django.utils import timezone


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False, "unreachable"
    return True, "ok"


def check_storage() -> tuple[bool, str]:
    """Write, read back and delete a small probe file in the attachments storage."""
    from selaras.evidence.storage import attachment_storage

    storage = attachment_storage()
    name = f"_readyz/{uuid.uuid4().hex}.txt"
    try:
        saved = storage.save(name, ContentFile(b"ok"))
        try:
            with storage.open(saved, "rb") as handle:
                if handle.read() != b"ok":
                    return False, "read back differs"
        finally:
            storage.delete(saved)
    except Exception as exc:  # noqa: BLE001 — any backend error means "not ready"
        return False, f"unavailable ({type(exc).__name__})"
    return True, "ok"


def heartbeat_age(name: str) -> float | None:
    from selaras.automation.models import JobHeartbeat

    row = JobHeartbeat.objects.filter(name=name).only("last_finished_at").first()
    if row is None or row.last_finished_at is None:
        return None
    return (timezone.now() - row.last_finished_at).total_seconds()


def check_heartbeat(name: str) -> tuple[bool, str]:
    try:
        age = heartbeat_age(name)
    except DatabaseError:
        return False, "unknown (database unreachable)"
    limit = timedelta(seconds=settings.READYZ_HEARTBEAT_MAX_AGE).total_seconds()
    if age is None:
        return False, "never seen"
    if age > limit:
        return False, f"stale ({age:.0f} s ago)"
    return True, f"ok ({age:.0f} s ago)"


def readiness() -> tuple[bool, dict[str, str]]:
    checks: dict[str, tuple[bool, str]] = {"database": check_database()}
    if checks["database"][0]:
        if settings.READYZ_CHECK_STORAGE:
            checks["storage"] = check_storage()
        if settings.READYZ_CHECK_WORKER:
            from selaras.automation.scheduler import SCHEDULER_HEARTBEAT
            from selaras.automation.tasks import WORKER_HEARTBEAT

            checks["worker"] = check_heartbeat(WORKER_HEARTBEAT)
            checks["scheduler"] = check_heartbeat(SCHEDULER_HEARTBEAT)
    ok = all(passed for passed, _detail in checks.values())
    return ok, {name: detail for name, (_passed, detail) in checks.items()}
