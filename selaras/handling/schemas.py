"""API v1 shapes of impacts, handling actions, tasks, agreements and referrals.

Input schemas check JSON types only and refuse unknown fields; dates travel as
``YYYY-MM-DD`` text and every rule about values (choices, lengths, dates in the
future, parties linked to the case, who may be assigned) is the services' job, so
the API and the web UI refuse the same things with the same messages.
"""

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict, StrictInt

from selaras.cases.api_handling import Id, display_name, username
from selaras.cases.schemas import StrictInput, Text, local
from selaras.core.api import cursor_query_field, next_cursor_field, page_number_field
from selaras.parties.schemas import CaseMasking, PartyRefOut

from .models import Agreement, HandlingAction, Impact, Referral, Task

DATE = "A date, YYYY-MM-DD."


def _required(*names: str):
    def mark(schema: dict) -> None:
        schema["required"] = list(names)

    return ConfigDict(extra="forbid", json_schema_extra=mark)


# --------------------------------------------------------------------------- impact


class ImpactIn(StrictInput):
    """Only the figures sent change; the others stay as they are."""

    dead: StrictInt | None = None
    injured: StrictInt | None = None
    displaced: StrictInt | None = None
    children_involved: StrictInt | None = None
    property_damaged_kind: Text | None = Field(
        None, description="What was damaged, e.g. a house of worship, homes, vehicles.")
    property_damage_estimate: StrictInt | None = Field(
        None, description="Estimated damage in rupiah; null means unknown.")
    reason: Text = Field("", description="Why the figures change (kept in the timeline).")


class ImpactOut(Schema):
    recorded: bool = Field(description="False while no impact has been recorded (all zero).")
    dead: int
    injured: int
    displaced: int
    children_involved: int
    property_damaged_kind: str
    property_damage_estimate: int | None
    updated_by: str | None
    updated_at: dt.datetime | None


def impact_data(impact: Impact | None) -> dict:
    if impact is None:
        return {"recorded": False, "dead": 0, "injured": 0, "displaced": 0,
                "children_involved": 0, "property_damaged_kind": "",
                "property_damage_estimate": None, "updated_by": None, "updated_at": None}
    return {
        "recorded": True,
        **{field: getattr(impact, field) for field in Impact.IMPACT_FIELDS},
        "updated_by": username(impact.updated_by),
        "updated_at": local(impact.updated_at),
    }


# --------------------------------------------------------------------------- actions


class ActionIn(StrictInput):
    model_config = _required("type", "date", "outcome")

    type: Text = Field("", description="dialog, mediasi, koordinasi_fkub, "
                                       "koordinasi_forkopimda, koordinasi_polri, "
                                       "koordinasi_pemda, pembinaan, kunjungan_pemantauan, "
                                       "lainnya.")
    date: Text = Field("", description=DATE + " Not in the future.")
    outcome: Text = Field("", description="What came of it.")
    place: Text = ""
    participants: list[Id] = Field(
        default_factory=list, description="Ids of parties of this case who took part.")
    officials: Text = Field("", description="Officials and others present, one per line.")
    next_step: Text = ""


class ActionOut(Schema):
    id: int
    type: str
    date: dt.date
    place: str
    participants: list[PartyRefOut]
    officials: str
    outcome: str
    next_step: str
    created_by: str | None
    created_at: dt.datetime


class ActionList(Schema):
    items: list[ActionOut]
    count: int


def action_data(action: HandlingAction, masking: CaseMasking) -> dict:
    return {
        "id": action.pk,
        "type": action.type,
        "date": action.date,
        "place": action.place,
        "participants": [masking.ref(p) for p in action.participant_parties.all()],
        "officials": action.officials,
        "outcome": action.outcome,
        "next_step": action.next_step,
        "created_by": username(action.created_by),
        "created_at": local(action.created_at),
    }


# --------------------------------------------------------------------------- tasks


class TaskIn(StrictInput):
    model_config = _required("title", "due_date")

    title: Text = Field("", description="What must be done, at most 200 characters.")
    due_date: Text = Field("", description=DATE + " Not in the past.")
    assignee_user: Text | None = Field(
        None, description="Username of the person (penangan or kepala who can see the case). "
                          "Either this or assignee_unit.")
    assignee_unit: Text | None = Field(
        None, description="Code of the office: the handling office, one above or one below "
                          "it. Either this or assignee_user.")
    description: Text = ""


class TaskCompleteIn(StrictInput):
    note: Text = Field("", description="What was done (optional; kept in the timeline).")


class ReasonIn(StrictInput):
    model_config = _required("reason")

    reason: Text = Field("", description="Why (required; kept in the timeline).")


class TaskOut(Schema):
    id: int
    title: str
    description: str
    assignee_user: str | None
    assignee_user_name: str | None
    assignee_unit: str | None
    assignee_unit_name: str | None
    due_date: dt.date
    status: str = Field(description="open, done or cancelled.")
    overdue: bool
    done_at: dt.datetime | None
    closed_by: str | None
    created_by: str | None
    created_at: dt.datetime


class TaskList(Schema):
    items: list[TaskOut]
    count: int


class MyTaskOut(TaskOut):
    case: str = Field(description="The case number.")
    case_title: str


class MyTaskPage(Schema):
    items: list[MyTaskOut]
    count: int
    page: int | None = page_number_field()
    page_size: int
    next: str | None
    previous: str | None
    next_cursor: str | None = next_cursor_field()


class MyTasksQuery(Schema):
    open: bool = Field(False, description="true: only open tasks.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    cursor: str | None = cursor_query_field()


def task_data(task: Task) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "assignee_user": username(task.assignee_user),
        "assignee_user_name": display_name(task.assignee_user),
        "assignee_unit": task.assignee_unit.code if task.assignee_unit_id else None,
        "assignee_unit_name": task.assignee_unit.name if task.assignee_unit_id else None,
        "due_date": task.due_date,
        "status": task.status,
        "overdue": task.is_overdue,
        "done_at": local(task.done_at),
        "closed_by": username(task.closed_by),
        "created_by": username(task.created_by),
        "created_at": local(task.created_at),
    }


def my_task_data(task: Task) -> dict:
    return {**task_data(task), "case": task.case.number, "case_title": task.case.title}


# --------------------------------------------------------------------------- agreements


class AgreementIn(StrictInput):
    model_config = _required("parties", "terms", "signed_on")

    parties: list[Id] = Field(default_factory=list,
                              description="Ids of parties of this case bound by it.")
    terms: Text = Field("", description="The terms agreed.")
    signed_on: Text = Field("", description=DATE + " Not in the future.")
    follow_up_dates: list[Text] = Field(
        default_factory=list, description="Dates (YYYY-MM-DD) to check the agreement holds.")


class NoteIn(StrictInput):
    note: Text = Field("", description="How it was found to be kept (optional).")


class FollowUpOut(Schema):
    due_on: dt.date
    checked_on: dt.date | None
    note: str


class AgreementOut(Schema):
    id: int
    parties: list[PartyRefOut]
    terms: str
    signed_on: dt.date
    follow_ups: list[FollowUpOut]
    status: str = Field(description="active, kept or breached.")
    status_note: str
    status_changed_at: dt.datetime | None
    created_by: str | None
    created_at: dt.datetime


class AgreementList(Schema):
    items: list[AgreementOut]
    count: int


def agreement_data(agreement: Agreement, masking: CaseMasking) -> dict:
    return {
        "id": agreement.pk,
        "parties": [masking.ref(p) for p in agreement.parties.all()],
        "terms": agreement.terms,
        "signed_on": agreement.signed_on,
        "follow_ups": [{"due_on": f.due_on, "checked_on": f.checked_on, "note": f.note}
                       for f in agreement.follow_ups.all()],
        "status": agreement.status,
        "status_note": agreement.status_note,
        "status_changed_at": local(agreement.status_changed_at),
        "created_by": username(agreement.created_by),
        "created_at": local(agreement.created_at),
    }


# --------------------------------------------------------------------------- referrals


class ReferralIn(StrictInput):
    model_config = _required("agency", "referred_on")

    agency: Text = Field("", description="polri, pemda, fkub, kejaksaan, pengadilan_agama "
                                         "or lainnya (then agency_name is required).")
    referred_on: Text = Field("", description=DATE + " Not in the future.")
    agency_name: Text = Field("", description="Which office exactly, e.g. Polres Kota Bandung.")
    reference_number: Text = ""
    summary: Text = Field("", description="What was referred.")


class ReferralUpdateIn(StrictInput):
    """Only the fields sent change."""

    status: Text | None = Field(None, description="sent, acknowledged, answered or closed; "
                                                  "only forward. 'answered' needs a response.")
    response: Text | None = Field(None, description="What the agency answered.")
    responded_on: Text | None = Field(None, description=DATE + " Defaults to today when "
                                                              "the first response is recorded.")
    reference_number: Text | None = None


class ReferralOut(Schema):
    id: int
    agency: str
    agency_name: str
    referred_on: dt.date
    reference_number: str
    summary: str
    status: str
    response: str
    responded_on: dt.date | None
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ReferralList(Schema):
    items: list[ReferralOut]
    count: int


def referral_data(referral: Referral) -> dict:
    return {
        "id": referral.pk,
        "agency": referral.agency,
        "agency_name": referral.agency_name,
        "referred_on": referral.referred_on,
        "reference_number": referral.reference_number,
        "summary": referral.summary,
        "status": referral.status,
        "response": referral.response,
        "responded_on": referral.responded_on,
        "created_by": username(referral.created_by),
        "created_at": local(referral.created_at),
        "updated_at": local(referral.updated_at),
    }
