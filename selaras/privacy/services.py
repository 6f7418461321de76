"""Writes for the UU PDP registers (DPO only). Each change is also a security entry in the
hash-chained audit trail (ids, kinds and statuses only — never the subject's data)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ErrorCollector

from .access import require_dpo
from .models import (
    BreachRecord,
    BreachStatus,
    DataSubjectRequest,
    RequestKind,
    RequestStatus,
)

MAX_SHORT = 200
MAX_TEXT = 5000
MAX_LONG = 10000


class _Errors(ErrorCollector):
    """The register forms' checks: text (shared), moments and choices."""

    def moment(self, value, name: str, *, required: bool, not_before=None):
        if value is None:
            if required:
                self.add(name, _("This field is required."))
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        if value > timezone.now() + timedelta(minutes=5):
            self.add(name, _("Cannot be in the future."))
        elif not_before is not None and value < not_before:
            self.add(name, _("Cannot be before the breach was detected."))
        return value

    def choice(self, value, choices, name: str) -> str:
        if value not in choices.values:
            self.add(name, _("Choose one of the options."))
        return value


def _audit(action: str, actor, obj, **data) -> None:
    from selaras.audit.services import security

    security(action, actor=actor, object_type=obj._meta.model_name, object_id=obj.pk, data=data)


# --------------------------------------------------------------------------- requests


def create_request(*, actor, kind: str, subject_name: str, description: str,
                   subject_contact: str = "", case_numbers: str = "",
                   received_at=None) -> DataSubjectRequest:
    require_dpo(actor)
    errors = _Errors()
    kind = errors.choice(kind, RequestKind, "kind")
    subject_name = errors.text(subject_name, "subject_name", max_length=MAX_SHORT, required=True)
    subject_contact = errors.text(subject_contact, "subject_contact", max_length=MAX_SHORT)
    description = errors.text(description, "description", max_length=MAX_TEXT, required=True)
    case_numbers = errors.text(case_numbers, "case_numbers", max_length=500)
    received_at = errors.moment(received_at or timezone.now(), "received_at", required=True)
    errors.raise_if_any()
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            kind=kind, subject_name=subject_name, subject_contact=subject_contact,
            description=description, case_numbers=case_numbers, received_at=received_at,
            created_by=actor, handler=actor,
        )
        _audit("privacy_request_created", actor, request, kind=kind)
    return request


def update_request(*, actor, request: DataSubjectRequest, status: str,
                   outcome_note: str = "") -> DataSubjectRequest:
    require_dpo(actor)
    errors = _Errors()
    status = errors.choice(status, RequestStatus, "status")
    outcome_note = errors.text(outcome_note, "outcome_note", max_length=MAX_TEXT)
    answered = status in (RequestStatus.DONE, RequestStatus.REFUSED)
    if answered and not outcome_note:
        errors.add("outcome_note", _("Say what was done or why the request was refused."))
    errors.raise_if_any()
    with transaction.atomic():
        current = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        before = current.status
        current.status, current.outcome_note, current.handler = status, outcome_note, actor
        if answered and current.answered_at is None:
            current.answered_at = timezone.now()
        elif not answered:
            current.answered_at = None
        current.save()
        _audit("privacy_request_updated", actor, current, status=[before, status])
    return current


# --------------------------------------------------------------------------- breaches


def _breach_fields(errors: _Errors, *, detected_at, description, data_affected,
                   subjects_affected, subjects_count, measures) -> dict:
    if subjects_count is not None and (not isinstance(subjects_count, int) or subjects_count < 0):
        errors.add("subjects_count", _("Must be a whole number, 0 or more."))
    return {
        "detected_at": errors.moment(detected_at, "detected_at", required=True),
        "description": errors.text(description, "description", max_length=MAX_LONG,
                                   required=True),
        "data_affected": errors.text(data_affected, "data_affected", max_length=MAX_TEXT,
                                     required=True),
        "subjects_affected": errors.text(subjects_affected, "subjects_affected",
                                         max_length=MAX_TEXT),
        "subjects_count": subjects_count,
        "measures": errors.text(measures, "measures", max_length=MAX_LONG),
    }


def create_breach(*, actor, detected_at, description: str, data_affected: str,
                  subjects_affected: str = "", subjects_count=None,
                  measures: str = "") -> BreachRecord:
    require_dpo(actor)
    errors = _Errors()
    fields = _breach_fields(errors, detected_at=detected_at, description=description,
                            data_affected=data_affected, subjects_affected=subjects_affected,
                            subjects_count=subjects_count, measures=measures)
    errors.raise_if_any()
    with transaction.atomic():
        breach = BreachRecord.objects.create(recorded_by=actor, **fields)
        _audit("privacy_breach_recorded", actor, breach)
    return breach


def update_breach(*, actor, breach: BreachRecord, detected_at, description: str,
                  data_affected: str, subjects_affected: str = "", subjects_count=None,
                  measures: str = "", subjects_notified_at=None, authority_notified_at=None,
                  status: str = BreachStatus.OPEN) -> BreachRecord:
    require_dpo(actor)
    errors = _Errors()
    fields = _breach_fields(errors, detected_at=detected_at, description=description,
                            data_affected=data_affected, subjects_affected=subjects_affected,
                            subjects_count=subjects_count, measures=measures)
    detected = fields["detected_at"]
    fields["subjects_notified_at"] = errors.moment(
        subjects_notified_at, "subjects_notified_at", required=False, not_before=detected)
    fields["authority_notified_at"] = errors.moment(
        authority_notified_at, "authority_notified_at", required=False, not_before=detected)
    fields["status"] = errors.choice(status, BreachStatus, "status")
    if status == BreachStatus.CLOSED and not fields["measures"]:
        errors.add("measures", _("Record the measures taken before closing the breach."))
    errors.raise_if_any()
    with transaction.atomic():
        current = BreachRecord.objects.select_for_update().get(pk=breach.pk)
        before = current.status
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
        _audit("privacy_breach_updated", actor, current, status=[before, current.status],
               subjects_notified=current.subjects_notified_at is not None,
               authority_notified=current.authority_notified_at is not None)
    return current
