"""Chain the CaseEvents that existed before the audit trail, once, in id order.

Appends only (never rewrites an audit row); a no-op when the chain already has rows.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations

GENESIS = "0" * 64


def _canonical(e) -> str:
    # Must match selaras.audit.services.canonical.
    payload = {
        "seq": int(e.seq), "created_at": e.created_at.astimezone(UTC).isoformat(),
        "actor_id": e.actor_id, "actor_label": e.actor_label, "subject_id": e.subject_id,
        "kind": e.kind, "action": e.action, "object_type": e.object_type,
        "object_id": e.object_id, "case_number": e.case_number, "data": e.data,
        "prev_hash": e.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    User = apps.get_model("accounts", "User")
    if AuditEntry.objects.exists():
        return
    from django.utils import timezone

    seq, prev = 0, GENESIS
    labels = dict(User.objects.values_list("pk", "username"))
    events = CaseEvent.objects.select_related("case").order_by("id").iterator(chunk_size=2000)
    for ev in events:
        seq += 1
        data = json.loads(json.dumps({
            "event_kind": ev.kind, "from_status": ev.from_status, "to_status": ev.to_status,
            "from_unit": ev.from_unit_id, "to_unit": ev.to_unit_id, "reason": ev.reason,
            "data": ev.data, "backfilled_at": timezone.now().isoformat(),
        }, default=str, ensure_ascii=False))
        entry = AuditEntry(
            seq=seq, created_at=ev.created_at, actor_id=ev.actor_id,
            actor_label=labels.get(ev.actor_id, "") if ev.actor_id else "", subject_id=None,
            kind="case_event", action=(ev.action or ev.kind)[:50], object_type="case_event",
            object_id=str(ev.pk), case_number=ev.case.number, data=data, prev_hash=prev,
        )
        entry.hash = hashlib.sha256(_canonical(entry).encode("utf-8")).hexdigest()
        entry.save(force_insert=True)
        prev = entry.hash
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev if seq else ""})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("cases", "0007_caseevent_automation_kind"),
        ("accounts", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
