"""The retention schedule (UU 27/2022 art. 16(2)(f), 43): how long each kind of record
keeps personal data, and what happens when the period ends.

The periods below are the defaults; an instance can change them without a code change
through the optional Django setting ``PRIVACY_RETENTION_DAYS`` (a dict of
``{record type: days}``, e.g. ``{"closed_case_personal_data": 3650}``). The schedule is
shown to the DPO at /privasi/ and in the record of processing, and applied by the
periodic job ``apply_retention`` (selaras/privacy/jobs.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RetentionRule:
    key: str
    record: str
    default_days: int | None  # None: kept as long as the record exists (no automatic end)
    starts: str
    action: str
    automatic: bool

    @property
    def days(self) -> int | None:
        overrides = getattr(settings, "PRIVACY_RETENTION_DAYS", None) or {}
        value = overrides.get(self.key, self.default_days)
        return None if value is None else int(value)

    @property
    def period(self) -> timedelta | None:
        return None if self.days is None else timedelta(days=self.days)


SCHEDULE: dict[str, RetentionRule] = {rule.key: rule for rule in (
    RetentionRule(
        "closed_case_personal_data", _("Personal data in closed cases"), 5 * 365,
        _("from the day the case was closed (status ditutup)"),
        _("Reporter name and contact, address, chronology, outcome note, notes and party "
          "notes are removed; category, region codes, dates, levels, status, outcome code, "
          "impacts and counts stay for statistics. Recorded on the case's timeline."),
        True),
    RetentionRule(
        "party_personal_data", _("Persons in the party registry"), 5 * 365,
        _("once every case the person is linked to has been anonymised"),
        _("Name replaced by a placeholder, NIK and address removed; kind, religion and "
          "region stay."),
        True),
    RetentionRule(
        "closed_case_attachments", _("Attachments and handling records of closed cases"),
        None, _("—"),
        _("Kept with the case file as evidence (they may be needed in court or for the "
          "archive); reviewed by the DPO by hand. Not deleted automatically."),
        False),
    RetentionRule(
        "notifications", _("Notifications in users' inboxes"), 180,
        _("from when the notification was created"),
        _("Deleted (they repeat case titles and names of officials)."),
        True),
    RetentionRule(
        "idempotency_records", _("API idempotency records"), 2,
        _("from the request (IDEMPOTENCY_TTL_HOURS, at least 24 hours)"),
        _("Deleted by the job purge_idempotency_keys (selaras.integration)."),
        True),
    RetentionRule(
        "webhook_deliveries", _("Webhook deliveries (payloads sent to partner systems)"),
        None, _("—"),
        _("Kept for replay and proof of delivery; encrypted at rest. Purging old "
          "deliveries is not automated yet."),
        False),
    RetentionRule(
        "early_warning_evidence", _("Evidence files of early-warning situation reports"),
        None, _("—"),
        _("Kept with the situation report; reviewed by the DPO by hand."),
        False),
    RetentionRule(
        "sessions", _("Login sessions"), 1,
        _("from the last request (30 minutes idle, 12 hours at most)"),
        _("Expired sessions are deleted."),
        True),
    RetentionRule(
        "access_and_audit_log", _("Audit trail and access log"), None,
        _("—"),
        _("Append-only and hash-chained: kept for accountability (UU PDP art. 31); never "
          "edited. Old values of personal fields changed before anonymisation remain in "
          "it."),
        False),
    RetentionRule(
        "data_subject_requests", _("Data-subject requests and breach records"), None,
        _("—"),
        _("Kept as evidence that the duties were met."),
        False),
    RetentionRule(
        "user_accounts", _("User accounts of officials"), None,
        _("—"),
        _("Deactivated, not deleted, when an official leaves (their actions stay "
          "attributable)."),
        False),
)}


def rule(key: str) -> RetentionRule:
    return SCHEDULE[key]


# What anonymising a case does to each of its fields: the value written instead.
ANONYMISED_TEXT = "[dianonimkan]"
CASE_FIELDS = {
    "reporter_name": "",
    "reporter_contact": "",
    "address": "",
    "chronology": ANONYMISED_TEXT,
    "outcome_note": "",
}
# Personal fields of a person in the registry.
PARTY_FIELDS = {
    "name": ANONYMISED_TEXT,
    "nik": "",
    "address": "",
}
