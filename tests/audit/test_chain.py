import json

import pytest
from django.core.management import CommandError, call_command

from selaras.audit.models import AuditEntry, AuditKind
from selaras.audit.services import GENESIS, compute_hash, verify
from selaras.cases.models import CaseEvent


def test_every_case_event_has_one_chained_audit_entry(activity):
    events = CaseEvent.objects.filter(case=activity)
    entries = AuditEntry.objects.filter(kind=AuditKind.CASE_EVENT, case_number=activity.number)
    assert events.count() >= 3
    assert sorted(int(e.object_id) for e in entries) == sorted(events.values_list("pk", flat=True))


def test_chain_links_every_row_to_the_previous(activity):
    prev = GENESIS
    for n, entry in enumerate(AuditEntry.objects.order_by("seq"), start=1):
        assert entry.seq == n
        assert entry.prev_hash == prev
        assert entry.hash == compute_hash(entry)
        prev = entry.hash


def test_verify_audit_passes_on_intact_chain(activity, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    count = AuditEntry.objects.count()
    head = AuditEntry.objects.order_by("-seq").first()
    assert out.strip() == f"OK: {count} entries, head {head.hash}"


def test_export_head_prints_json(activity, capsys):
    call_command("verify_audit", "--export-head")
    head = json.loads(capsys.readouterr().out)
    last = AuditEntry.objects.order_by("-seq").first()
    assert head["seq"] == last.seq and head["hash"] == last.hash and head["created_at"]


def _middle():
    entries = list(AuditEntry.objects.order_by("seq"))
    assert len(entries) >= 4
    return entries[len(entries) // 2]


def test_edited_row_is_named(activity, tamper):
    row = _middle()
    tamper("UPDATE audit_auditentry SET data = %s WHERE id = %s",
           [json.dumps({"reason": "rewritten"}), row.pk])
    result = verify()
    assert result.problem is not None and result.problem.seq == row.seq
    assert "edited" in result.problem.reason
    with pytest.raises(CommandError, match=f"seq={row.seq} "):
        call_command("verify_audit")


def test_deleted_middle_row_is_named(activity, tamper):
    row = _middle()
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [row.pk])
    result = verify()
    assert result.problem.seq == row.seq + 1
    assert "deleted" in result.problem.reason
    with pytest.raises(CommandError, match=f"seq={row.seq + 1} "):
        call_command("verify_audit")


def test_deleted_last_row_is_detected_through_the_head(activity, tamper):
    last = AuditEntry.objects.order_by("-seq").first()
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="head"):
        call_command("verify_audit")


def test_swapped_rows_are_named(activity, tamper):
    row = _middle()
    a, b = row.seq, row.seq + 1
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [10**9, a])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [a, b])
    tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [b, 10**9])
    result = verify()
    assert result.problem.seq == a
    assert "reordered" in result.problem.reason
    with pytest.raises(CommandError, match=f"seq={a} "):
        call_command("verify_audit")
