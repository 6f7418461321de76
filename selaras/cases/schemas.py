"""API v1 shapes of cases, events and notes, and the functions that fill them.

Input schemas only check JSON types (and refuse unknown fields); every rule about
the values (lengths, codes, dates, jurisdiction) is the services' job, so the API
and the web UI refuse the same things with the same messages.
"""

from datetime import datetime
from typing import Annotated

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, StrictBool, StrictInt, WithJsonSchema

from selaras.core import crypto
from selaras.core.api import cursor_query_field, next_cursor_field, page_number_field

from . import access
from .models import Case, CaseEvent, Note


def _safe_text(value: str) -> str:
    """Refuse text no database can store (NUL characters, unpaired surrogates)."""
    if "\x00" in value:
        raise ValueError(_("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("Text contains characters that are not valid Unicode.")) from None
    return value


Text = Annotated[str, AfterValidator(_safe_text)]


class StrictInput(Schema):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- input


REQUIRED_ON_CREATE = ("title", "chronology", "category", "occurred_at", "location",
                      "alert_level")


def _mark_required(schema: dict) -> None:
    schema["required"] = list(REQUIRED_ON_CREATE)


def _required(json_type: dict, description: str):
    """A required field that the schema documents as required, but that arrives as None
    when missing, so that the handler reports every problem of the body at once."""
    return Field(None, description=description, json_schema_extra=json_type)


class CaseCreateIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_mark_required)

    title: Annotated[Text | None, WithJsonSchema({"type": "string"})] = _required(
        {}, "Short title (at most 200 characters).")
    chronology: Annotated[Text | None, WithJsonSchema({"type": "string"})] = _required(
        {}, "What happened (kronologi), at most 20,000 characters.")
    category: Annotated[Text | None, WithJsonSchema({"type": "string"})] = _required(
        {}, "Main category code, see GET /categories.")
    occurred_at: Annotated[
        datetime | None, WithJsonSchema({"type": "string", "format": "date-time"})
    ] = _required(
        {},
        "When it happened, ISO 8601 (e.g. 2026-03-01T14:30:00+07:00); without an offset the "
        "time is taken as Asia/Jakarta. Not in the future.",
    )
    location: Annotated[Text | None, WithJsonSchema({"type": "string"})] = _required(
        {}, "Region code of the district (6 digits) or village (10 digits), see GET /regions.")
    alert_level: Annotated[StrictInt | None, WithJsonSchema({"type": "integer"})] = _required(
        {}, "1 Waspada, 2 Siaga, 3 Awas.")
    subcategory: Text | None = Field(None, description="Sub-category code of the category.")
    scope: Text = Field("", description="'antar' (inter-religious) or 'intra'.")
    religions: list[Text] = Field(
        default_factory=list,
        description="Religions involved: islam, kristen, katolik, hindu, buddha, khonghucu, "
        "kepercayaan, lainnya.",
    )
    occurred_precision: Text = Field("day", description="exact, day or month.")
    address: Text = ""
    latitude: float | None = None
    longitude: float | None = None
    legal_stage: Text = Field("pencegahan", description="pencegahan, penghentian or pemulihan.")
    source_channel: Text = Field(
        "api",
        description="How the report came in (default 'api'): langsung, telepon, whatsapp, surat, "
        "media, penyuluh, si_paham, si_rukun, api, lainnya.",
    )
    reporter_name: Text = ""
    reporter_contact: Text = ""
    confidential: StrictBool = False


class CaseUpdateIn(StrictInput):
    """Only the fields sent are changed; ``reason`` explains the change."""

    title: Text | None = None
    chronology: Text | None = None
    category: Text | None = None
    subcategory: Text | None = None
    scope: Text | None = None
    religions: list[Text] | None = None
    occurred_at: datetime | None = None
    occurred_precision: Text | None = None
    location: Text | None = None
    address: Text | None = None
    latitude: float | None = None
    longitude: float | None = None
    alert_level: StrictInt | None = None
    legal_stage: Text | None = None
    source_channel: Text | None = None
    reporter_name: Text | None = None
    reporter_contact: Text | None = None
    confidential: StrictBool | None = None
    reason: Text = Field("", description="Why the details change (kept in the timeline).")


class TransitionIn(StrictInput):
    action: Text = Field(
        description="verify, reject, start, escalate, delegate, take_over, resolve, monitor, "
        "close or reopen (the case's allowed_actions lists what you may do now)."
    )
    reason: Text = Field("", description="Required where the action ends the case or moves it.")
    target_unit: Text | None = Field(
        None, description="Unit code for escalate (default: the parent) and delegate."
    )
    outcome: Text = Field(
        "", description="For resolve: damai, mereda, dirujuk_hukum, tidak_terbukti, lainnya."
    )
    outcome_note: Text = ""
    reject_reason: Text = Field(
        "", description="For reject: bukan_ksbk, hoaks, duplikat, lainnya (default)."
    )
    duplicate_of: Text | None = Field(
        None, description="For reject as duplikat: the number of the original case."
    )


class NoteIn(StrictInput):
    body: Text = Field(description="The note, at most 5,000 characters.")


class CaseListQuery(Schema):
    """Documented for OpenAPI; the values are read by the UI's own CaseFilter."""

    status: list[str] | None = Field(None, description="Status code(s); repeat or comma-separate.")
    alert_level: list[str] | None = Field(None, description="1, 2 and/or 3.")
    legal_stage: list[str] | None = Field(
        None, description="pencegahan, penghentian and/or pemulihan; repeat or comma-separate.")
    category: str | None = Field(None, description="Category or sub-category code.")
    region: str | None = Field(None, description="Region code (2, 4, 6 or 10 digits).")
    unit: str | None = Field(None, description="Handling unit code.")
    reported_from: str | None = Field(None, description="YYYY-MM-DD (inclusive).")
    reported_to: str | None = Field(None, description="YYYY-MM-DD (inclusive).")
    q: str | None = Field(None, description="Text search in number, title and chronology.")
    overdue: str | None = Field(None, description="'1' for overdue cases only.")
    sort: str | None = Field(None, description="newest (default), oldest, level, due, updated, "
                                               "number.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    cursor: str | None = cursor_query_field()


# --------------------------------------------------------------------------- output


class CaseOut(Schema):
    number: str
    title: str
    chronology: str
    status: str
    alert_level: int
    legal_stage: str
    category: str
    subcategory: str | None
    scope: str
    religions: list[str]
    occurred_at: datetime
    occurred_precision: str
    reported_at: datetime
    location: str
    location_name: str
    address: str
    latitude: float | None
    longitude: float | None
    handling_unit: str
    handling_unit_name: str
    source_channel: str
    confidential: bool
    reporter_name: str = Field(description="Masked for roles without access to personal data.")
    reporter_contact: str = Field(description="Masked for roles without access to personal data.")
    outcome: str
    outcome_note: str
    reject_reason: str
    duplicate_of: str | None
    due_at: datetime | None
    overdue: bool
    created_at: datetime
    updated_at: datetime
    version: int


class CaseDetailOut(CaseOut):
    allowed_actions: list[str] = Field(
        description="Workflow actions the caller may apply now (POST .../transitions)."
    )


class CasePage(Schema):
    items: list[CaseOut]
    count: int
    page: int | None = page_number_field()
    page_size: int
    next: str | None
    previous: str | None
    next_cursor: str | None = next_cursor_field()


class EventOut(Schema):
    id: int
    kind: str
    action: str
    actor: str | None
    actor_name: str | None
    created_at: datetime
    from_status: str
    to_status: str
    from_unit: str | None
    to_unit: str | None
    reason: str
    data: dict


class EventList(Schema):
    items: list[EventOut]
    count: int


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    parent: str | None


class CategoryList(Schema):
    items: list[CategoryOut]
    count: int


class NoteOut(Schema):
    id: int
    body: str
    author: str
    author_name: str
    created_at: datetime


class NoteList(Schema):
    items: list[NoteOut]
    count: int


# --------------------------------------------------------------------------- serialisers

PERSONAL_FIELDS = ("reporter_name", "reporter_contact")


def local(value: datetime | None) -> datetime | None:
    """Every time leaves in the server's zone (Asia/Jakarta by default), whatever its source."""
    return timezone.localtime(value) if value is not None else None


def case_data(case: Case, user) -> dict:
    """The case as the API shows it to ``user``; needs no query beyond the list's joins
    (category, handling_unit, location, duplicate_of)."""
    personal = access.sees_personal_data(user, case)
    reporter_name = case.reporter_name if personal else access.mask(case.reporter_name)
    reporter_contact = case.reporter_contact if personal else access.mask(case.reporter_contact)
    return {
        "number": case.number,
        "title": case.title,
        "chronology": case.chronology,
        "status": case.status,
        "alert_level": case.alert_level,
        "legal_stage": case.legal_stage,
        "category": case.category_id,
        "subcategory": case.subcategory_id,
        "scope": case.scope,
        "religions": list(case.religions or []),
        "occurred_at": local(case.occurred_at),
        "occurred_precision": case.occurred_precision,
        "reported_at": local(case.reported_at),
        "location": case.location_id,
        "location_name": case.location.name,
        "address": case.address,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "handling_unit": case.handling_unit.code,
        "handling_unit_name": case.handling_unit.name,
        "source_channel": case.source_channel,
        "confidential": case.confidential,
        "reporter_name": reporter_name,
        "reporter_contact": reporter_contact,
        "outcome": case.outcome,
        "outcome_note": case.outcome_note,
        "reject_reason": case.reject_reason,
        "duplicate_of": case.duplicate_of.number if case.duplicate_of_id else None,
        "due_at": local(case.due_at),
        "overdue": case.is_overdue,
        "created_at": local(case.created_at),
        "updated_at": local(case.updated_at),
        "version": case.version,
    }


def case_detail_data(case: Case, user) -> dict:
    from .services import available_transitions

    data = case_data(case, user)
    data["allowed_actions"] = [t.action for t in available_transitions(user, case)]
    return data


def event_data(event: CaseEvent, *, personal: bool) -> dict:
    data = event.data if isinstance(event.data, dict) else {}
    if isinstance(data.get("changes"), dict):
        # Personal values are sealed (encrypted) in the event: open them, mask them if need be.
        changes = dict(data["changes"])
        for field in PERSONAL_FIELDS:
            if field in changes:
                values = [crypto.unseal(v, default="•") for v in changes[field]]
                changes[field] = values if personal else [
                    access.mask(v) if isinstance(v, str) else v for v in values]
        data = {**data, "changes": changes}
    actor = event.actor
    return {
        "id": event.pk,
        "kind": event.kind,
        "action": event.action,
        "actor": actor.username if actor else None,
        "actor_name": actor.display_name if actor else None,
        "created_at": local(event.created_at),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "from_unit": event.from_unit.code if event.from_unit_id else None,
        "to_unit": event.to_unit.code if event.to_unit_id else None,
        "reason": event.reason,
        "data": data,
    }


def note_data(note: Note) -> dict:
    return {
        "id": note.pk,
        "body": note.body,
        "author": note.author.username,
        "author_name": note.author.display_name,
        "created_at": local(note.created_at),
    }
