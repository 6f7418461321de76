import pytest
from django.db import connection


@pytest.fixture
def tamper(db):
    """Run raw SQL against the audit table as a superuser would (trigger disabled on PG)."""

    trigger = "ALTER TABLE audit_auditentry {} TRIGGER audit_entry_append_only"

    def run(sql, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Rolled back with the test's transaction.
                cursor.execute(trigger.format("DISABLE"))
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute(trigger.format("ENABLE"))

    return run


@pytest.fixture
def activity(make_case, pusat_kepala):
    """A small series of service calls: a case, two notes."""
    from selaras.cases import services

    case = make_case()
    services.add_note(actor=pusat_kepala, case=case, body="Koordinasi dengan FKUB.")
    services.add_note(actor=pusat_kepala, case=case, body="Mediasi dijadwalkan.")
    return case
