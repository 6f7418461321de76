"""The record of processing activities (RoPA) for the DPO, generated from the code.

Each personal-data field is described once in ``PERSONAL_DATA`` (what it is, whose it
is, why it is processed, the legal basis, its retention rule); who can see it is
derived from the access policies' role sets (``selaras.cases.access``,
``selaras.parties.access``, ``selaras.privacy.access``), and the retention period from
the schedule. ``personal_field_candidates`` finds every text-like field of Selaras'
models whose name suggests personal data; ``tests/privacy/test_ropa.py`` fails when one
of them is neither described here nor listed in ``NOT_PERSONAL`` with a reason, so the
record cannot silently drift from the models.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .retention import SCHEDULE

# Legal bases (UU 27/2022 art. 20(2)).
PUBLIC_TASK = gettext_lazy(
    "Public task / exercise of official authority (UU PDP art. 20(2)(e)): handling social "
    "conflict under UU 7/2012 and the Minister of Religious Affairs' duties")
LEGAL_OBLIGATION = gettext_lazy("Legal obligation (UU PDP art. 20(2)(c))")
EMPLOYMENT = gettext_lazy(
    "Public task (art. 20(2)(e)): accounts of officials doing their duties")


@dataclass(frozen=True)
class Entry:
    category: str
    subjects: str
    purpose: str
    basis: str
    audience: str  # key of AUDIENCES
    retention: str  # key of retention.SCHEDULE


# --- the curated description, one entry per personal-data field ------------------------
PERSONAL_DATA: dict[str, Entry] = {
    "cases.Case.reporter_name": Entry(
        gettext_lazy("Identity"), gettext_lazy("Reporters"),
        gettext_lazy("Contact the reporter to verify and follow up the report"),
        PUBLIC_TASK, "case_personal", "closed_case_personal_data"),
    "cases.Case.reporter_contact": Entry(
        gettext_lazy("Contact details"), gettext_lazy("Reporters"),
        gettext_lazy("Contact the reporter to verify and follow up the report"),
        PUBLIC_TASK, "case_personal", "closed_case_personal_data"),
    "cases.Case.reporter_contact_hash": Entry(
        gettext_lazy("Keyed hash of contact details (pseudonymous)"), gettext_lazy("Reporters"),
        gettext_lazy("Find earlier reports by the same contact without decrypting"),
        PUBLIC_TASK, "nobody", "closed_case_personal_data"),
    "cases.Case.address": Entry(
        gettext_lazy("Location (may be a home address)"),
        gettext_lazy("Parties and residents at the place"),
        gettext_lazy("Locate the incident for handling"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "cases.Case.chronology": Entry(
        gettext_lazy("Free-text account; may name people, their religion and acts"),
        gettext_lazy("Parties, victims, witnesses"),
        gettext_lazy("Understand and handle the conflict"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "cases.Case.outcome_note": Entry(
        gettext_lazy("Free text about the outcome"), gettext_lazy("Parties"),
        gettext_lazy("Record how the case ended"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "cases.CaseEvent.data": Entry(
        gettext_lazy("Old and new values of changed case fields"), gettext_lazy("Reporters"),
        gettext_lazy("The case's timeline: who changed what"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "registry.RegistryLink.label": Entry(
        gettext_lazy("Label of a linked registry record (a marriage record names people)"),
        gettext_lazy("People in ministry registries"),
        gettext_lazy("Link the case to SIMAS, SIWAK, SIMKAH or EMIS records"),
        PUBLIC_TASK, "case_view", "closed_case_attachments"),
    "integration.IdempotencyRecord.response_body": Entry(
        gettext_lazy("Copy of an API answer (may contain case data)"),
        gettext_lazy("Reporters, parties"),
        gettext_lazy("Answer a repeated API request the same way"),
        PUBLIC_TASK, "nobody", "idempotency_records"),
    "webhooks.Delivery.body": Entry(
        gettext_lazy("Copy of a webhook payload (case data sent to a partner system)"),
        gettext_lazy("Reporters, parties"),
        gettext_lazy("Prove and replay what was sent to a subscribed system"),
        PUBLIC_TASK, "integration_admin", "webhook_deliveries"),
    "earlywarning.ReportEvidence.original_name": Entry(
        gettext_lazy("File name; may name people"), gettext_lazy("People at the scene"),
        gettext_lazy("Identify evidence of a situation report"), PUBLIC_TASK,
        "earlywarning_view", "early_warning_evidence"),
    "earlywarning.ReportEvidence.stored_name": Entry(
        gettext_lazy("The file itself: photos or documents that may show people"),
        gettext_lazy("People at the scene"),
        gettext_lazy("Evidence of a situation report (early warning)"), PUBLIC_TASK,
        "earlywarning_view", "early_warning_evidence"),
    "cases.Note.body": Entry(
        gettext_lazy("Free-text notes; may name people"), gettext_lazy("Parties, reporters"),
        gettext_lazy("Working notes of the handlers"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "parties.Party.name": Entry(
        gettext_lazy("Identity (persons; names of groups and institutions are not personal)"),
        gettext_lazy("Persons involved in conflicts"),
        gettext_lazy("Know who is involved across cases"),
        PUBLIC_TASK, "party_view", "party_personal_data"),
    "parties.Party.nik": Entry(
        gettext_lazy("National identity number (NIK)"),
        gettext_lazy("Persons involved in conflicts"),
        gettext_lazy("Tell apart persons with the same name"),
        PUBLIC_TASK, "party_personal", "party_personal_data"),
    "parties.Party.nik_hash": Entry(
        gettext_lazy("Keyed hash of the NIK (pseudonymous)"),
        gettext_lazy("Persons involved in conflicts"),
        gettext_lazy("Search by NIK without decrypting"),
        PUBLIC_TASK, "nobody", "party_personal_data"),
    "parties.Party.address": Entry(
        gettext_lazy("Address"), gettext_lazy("Persons involved in conflicts"),
        gettext_lazy("Reach the person for mediation"),
        PUBLIC_TASK, "party_personal", "party_personal_data"),
    "parties.Party.religion": Entry(
        gettext_lazy("Religion or belief of a person"),
        gettext_lazy("Persons involved in conflicts"),
        gettext_lazy("Understand the religious dimension of the conflict (statistics)"),
        PUBLIC_TASK, "party_view", "party_personal_data"),
    "parties.CaseParty.note": Entry(
        gettext_lazy("Free text about a party's role"), gettext_lazy("Persons in a case"),
        gettext_lazy("Describe the party's part in the case"),
        PUBLIC_TASK, "case_view", "closed_case_personal_data"),
    "handling.HandlingAction.officials": Entry(
        gettext_lazy("Names of officials and participants"),
        gettext_lazy("Officials, community leaders"),
        gettext_lazy("Record who took part in a handling action"),
        PUBLIC_TASK, "case_view", "closed_case_attachments"),
    "evidence.Attachment.original_name": Entry(
        gettext_lazy("File name; may name people"), gettext_lazy("Parties"),
        gettext_lazy("Identify evidence"), PUBLIC_TASK, "case_view", "closed_case_attachments"),
    "evidence.Attachment.stored_name": Entry(
        gettext_lazy("The file itself: photos, minutes, recordings of people"),
        gettext_lazy("Parties, victims, witnesses"),
        gettext_lazy("Evidence of the conflict and its handling"),
        PUBLIC_TASK, "case_view", "closed_case_attachments"),
    "evidence.Attachment.description": Entry(
        gettext_lazy("Free text; may name people"), gettext_lazy("Parties"),
        gettext_lazy("Describe evidence"), PUBLIC_TASK, "case_view", "closed_case_attachments"),
    "accounts.User.username": Entry(
        gettext_lazy("Identity"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Log in and attribute actions"), EMPLOYMENT, "user_admin", "user_accounts"),
    "accounts.User.first_name": Entry(
        gettext_lazy("Identity"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Show who did what"), EMPLOYMENT, "user_admin", "user_accounts"),
    "accounts.User.last_name": Entry(
        gettext_lazy("Identity"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Show who did what"), EMPLOYMENT, "user_admin", "user_accounts"),
    "accounts.User.full_name": Entry(
        gettext_lazy("Identity"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Show who did what"), EMPLOYMENT, "user_admin", "user_accounts"),
    "accounts.User.email": Entry(
        gettext_lazy("Contact details"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Send notifications"), EMPLOYMENT, "user_admin", "user_accounts"),
    "accounts.User.phone": Entry(
        gettext_lazy("Contact details"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Send WhatsApp/SMS notifications"), EMPLOYMENT, "user_admin",
        "user_accounts"),
    "notifications.Notification.subject": Entry(
        gettext_lazy("Case titles and names in messages"), gettext_lazy("Officials, parties"),
        gettext_lazy("Tell officials what waits for them"), PUBLIC_TASK, "recipient",
        "notifications"),
    "notifications.Notification.body": Entry(
        gettext_lazy("Case titles and names in messages"), gettext_lazy("Officials, parties"),
        gettext_lazy("Tell officials what waits for them"), PUBLIC_TASK, "recipient",
        "notifications"),
    "imports.Counsellor.name": Entry(
        gettext_lazy("Identity"), gettext_lazy("Religious counsellors (penyuluh)"),
        gettext_lazy("Know the first responders of an area"), EMPLOYMENT, "case_view",
        "user_accounts"),
    "imports.Counsellor.phone": Entry(
        gettext_lazy("Contact details"), gettext_lazy("Religious counsellors (penyuluh)"),
        gettext_lazy("Reach the first responders of an area"), EMPLOYMENT, "case_view",
        "user_accounts"),
    "audit.AuditEntry.actor_label": Entry(
        gettext_lazy("Username of the actor"), gettext_lazy("Officials using Selaras"),
        gettext_lazy("Accountability: a tamper-evident record of who did what"),
        LEGAL_OBLIGATION, "auditor", "access_and_audit_log"),
    "audit.AuditEntry.data": Entry(
        gettext_lazy("Copies of case changes (may include old values of personal fields), "
                     "login addresses"),
        gettext_lazy("Officials, reporters"),
        gettext_lazy("Accountability: a tamper-evident record of who did what"),
        LEGAL_OBLIGATION, "auditor", "access_and_audit_log"),
    "privacy.DataSubjectRequest.subject_name": Entry(
        gettext_lazy("Identity"), gettext_lazy("People exercising their rights"),
        gettext_lazy("Answer data-subject requests (UU PDP art. 5–13)"), LEGAL_OBLIGATION,
        "dpo", "data_subject_requests"),
    "privacy.DataSubjectRequest.subject_contact": Entry(
        gettext_lazy("Contact details"), gettext_lazy("People exercising their rights"),
        gettext_lazy("Answer data-subject requests (UU PDP art. 5–13)"), LEGAL_OBLIGATION,
        "dpo", "data_subject_requests"),
    "privacy.DataSubjectRequest.description": Entry(
        gettext_lazy("Free text of the request"), gettext_lazy("People exercising their rights"),
        gettext_lazy("Answer data-subject requests"), LEGAL_OBLIGATION, "dpo",
        "data_subject_requests"),
    "privacy.DataSubjectRequest.outcome_note": Entry(
        gettext_lazy("Free text of the answer"), gettext_lazy("People exercising their rights"),
        gettext_lazy("Answer data-subject requests"), LEGAL_OBLIGATION, "dpo",
        "data_subject_requests"),
    "privacy.BreachRecord.subjects_affected": Entry(
        gettext_lazy("Who was affected by a breach"), gettext_lazy("Any data subject"),
        gettext_lazy("Notify subjects and the authority (UU PDP art. 46)"), LEGAL_OBLIGATION,
        "dpo", "data_subject_requests"),
}

# Text-like fields whose names look personal but are not personal data.
NOT_PERSONAL: dict[str, str] = {
    "regions.Region.name": "official region names",
    "org.Unit.name": "office names",
    "accounts.ApiToken.name": "label of a token",
    "cases.Case.outcome": "outcome code",
    "cases.Category.name": "vocabulary",
    "cases.Category.name_en": "vocabulary",
    "cases.Category.description": "vocabulary",
    "parties.Party.name_normalised": "derived from Party.name; anonymised with it",
    "handling.HandlingAction.place": "place of a meeting (an office, a mosque)",
    "handling.HandlingAction.outcome": "free text, covered by the case's retention",
    "handling.Task.description": "work instructions",
    "handling.Agreement.terms": "terms of an agreement between groups",
    "handling.Agreement.status_note": "status remark",
    "handling.AgreementFollowUp.note": "follow-up remark",
    "handling.Referral.agency_name": "name of an agency",
    "handling.Referral.summary": "what was referred to an agency",
    "handling.Referral.response": "the agency's answer",
    "notifications.Delivery.last_error": "technical error",
    "playbooks.Playbook.description": "SOP text",
    "playbooks.PlaybookVersion.change_note": "SOP change note",
    "playbooks.CaseStepProgress.note": "remark on an SOP step",
    "automation.JobHeartbeat.name": "job name",
    "automation.JobHeartbeat.last_summary": "job counts",
    "integration.IdempotencyRecord.response_headers": "HTTP headers",
    "webhooks.Subscription.name": "label of an integration",
    "webhooks.Delivery.last_response": "answer of a partner system",
    "imports.ImportBatch.file_name": "name of an uploaded spreadsheet",
    "earlywarning.Indicator.name": "vocabulary",
    "earlywarning.Indicator.name_en": "vocabulary",
    "earlywarning.SituationReport.note": "situation remark about an area",
    "earlywarning.ReportRating.note": "rating remark",
    "earlywarning.ExternalSignal.note": "remark on a signal",
    "privacy.BreachRecord.description": "what happened (no subject's data by instruction)",
    "privacy.BreachRecord.data_affected": "categories of data affected, not the data",
}

PERSONAL_NAME = re.compile(
    r"(name|contact|nik|phone|email|address|officials|participants|chronology|body|note|"
    r"_ip|ip_address|user_agent|subject|description|place|outcome|response|summary|terms|"
    r"label|data)"
)
TEXT_TYPES = {"CharField", "TextField", "EmailField", "JSONField", "GenericIPAddressField",
              "BinaryField"}


AUDIENCE_KEYS = frozenset({"case_personal", "case_view", "party_view", "party_personal",
                           "nobody", "user_admin", "recipient", "auditor", "dpo",
                           "integration_admin", "earlywarning_view"})


def _audience_text(key: str) -> str:
    from selaras.cases.access import PERSONAL_DATA_ROLES, VIEW_ROLES
    from selaras.parties.access import PERSONAL_DATA_ROLES as PARTY_PERSONAL_ROLES

    from .access import DPO_ROLE

    def roles(values) -> str:
        return ", ".join(sorted(str(v) for v in values))

    masked = roles(set(VIEW_ROLES) - set(PERSONAL_DATA_ROLES))
    texts = {
        "case_personal": _("Unmasked: %(roles)s of the case's area and handling offices; "
                           "masked for %(masked)s") % {"roles": roles(PERSONAL_DATA_ROLES),
                                                      "masked": masked},
        "case_view": _("%(roles)s who may see the case (its area, the handling office and "
                       "above; confidential cases only those named)")
        % {"roles": roles(VIEW_ROLES)},
        "party_view": _("%(roles)s who may see the party (linked visible case or area)")
        % {"roles": roles(VIEW_ROLES)},
        "party_personal": _("Unmasked: %(roles)s; masked for %(masked)s")
        % {"roles": roles(PARTY_PERSONAL_ROLES), "masked": masked},
        "nobody": _("Nobody (used by the system for search only)"),
        "user_admin": _("The user; admins of their office's subtree; names of actors on "
                        "case timelines"),
        "recipient": _("The recipient only"),
        "earlywarning_view": _("Members who may see the area's situation reports "
                               "(selaras.earlywarning)"),
        "integration_admin": _("admin of the subscription's office; the subscribed system "
                               "gets only what its owner may see"),
        "auditor": _("auditor (Pusat: all; others: their subtree)"),
        "dpo": _("The data protection officer (%(role)s at Pusat)") % {"role": DPO_ROLE},
    }
    return texts[key]


def personal_field_candidates() -> list[str]:
    """``app.Model.field`` of every Selaras text-like field whose name looks personal."""
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if not (model.__module__.startswith("selaras.") or label == "accounts.User"):
            continue
        for f in model._meta.concrete_fields:
            if f.get_internal_type() in TEXT_TYPES and PERSONAL_NAME.search(f.name):
                found.append(f"{label}.{f.name}")
    return sorted(found)


def _field(key: str):
    app_model, _sep, name = key.rpartition(".")
    try:
        model = apps.get_model(app_model)
    except LookupError:
        return None, None
    try:
        return model, model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return model, None


def rows() -> list[dict]:
    """One row per described field of an installed model, in a stable order."""
    result = []
    for key, entry in PERSONAL_DATA.items():
        model, model_field = _field(key)
        if model is None or model_field is None:
            continue
        retention = SCHEDULE[entry.retention]
        days = retention.days
        result.append({
            "key": key,
            "model": str(model._meta.verbose_name),
            "field": str(getattr(model_field, "verbose_name", model_field.name)),
            "category": str(entry.category),
            "subjects": str(entry.subjects),
            "purpose": str(entry.purpose),
            "basis": str(entry.basis),
            "audience": _audience_text(entry.audience),
            "retention": (_("%(days)d days %(starts)s") % {"days": days,
                                                            "starts": retention.starts}
                          if days is not None else str(retention.action)),
        })
    return result


COLUMNS = (
    ("key", gettext_lazy("Field")),
    ("category", gettext_lazy("Category of data")),
    ("subjects", gettext_lazy("Data subjects")),
    ("purpose", gettext_lazy("Purpose")),
    ("basis", gettext_lazy("Legal basis")),
    ("audience", gettext_lazy("Who can see it")),
    ("retention", gettext_lazy("Retention")),
)


def _neutralise(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def as_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows():
        writer.writerow([_neutralise(row[key]) for key, _label in COLUMNS])
    return out.getvalue()


def as_markdown() -> str:
    def cell(value: str) -> str:
        return value.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {_('Record of processing activities')} — Selaras", "",
             _("Controller: Ministry of Religious Affairs of the Republic of Indonesia. "
               "Generated from the code; every personal-data field is listed."), "",
             "| " + " | ".join(str(label) for _key, label in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    for row in rows():
        lines.append("| " + " | ".join(cell(row[key]) for key, _label in COLUMNS) + " |")
    lines += ["", f"## {_('Retention schedule')}", ""]
    for rule in SCHEDULE.values():
        days = rule.days
        period = _("%(days)d days") % {"days": days} if days is not None else _("no end")
        lines.append(f"- **{rule.record}**: {period} ({rule.starts}). {rule.action}")
    return "\n".join(lines) + "\n"
