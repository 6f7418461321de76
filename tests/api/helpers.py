"""Shared assertions for the API tests."""

from selaras.cases.models import Case, CaseEvent, Note


def counts() -> tuple[int, int, int]:
    """Rows that any write would add to: cases, events, notes."""
    return Case.objects.count(), CaseEvent.objects.count(), Note.objects.count()


CASE_KEYS = {
    "number", "title", "chronology", "status", "alert_level", "legal_stage", "category",
    "subcategory", "scope", "religions", "occurred_at", "occurred_precision", "reported_at",
    "location", "location_name", "address", "latitude", "longitude", "handling_unit",
    "handling_unit_name", "source_channel", "confidential", "reporter_name",
    "reporter_contact", "outcome", "outcome_note", "reject_reason", "duplicate_of", "due_at",
    "overdue", "created_at", "updated_at", "version",
}
