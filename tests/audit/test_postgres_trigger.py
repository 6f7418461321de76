import pytest
from django.db import DatabaseError, connection, transaction

from selaras.audit.models import AuditEntry


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
    "DELETE FROM audit_auditentry WHERE id = %s",
])
def test_trigger_refuses_update_and_delete(activity, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    entry = AuditEntry.objects.order_by("seq").first()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action=entry.action).exists()


def test_orm_update_is_refused_too(activity):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEntry.objects.all().delete()
    assert AuditEntry.objects.exists()
