"""API v1: SOP playbooks — the catalogue, a case's playbook, completing or skipping a step.

Same conventions as the other case-scoped routers: the case comes from
``visible_case`` (404 outside jurisdiction); a step is looked up within that case's
current playbook (an unknown id, or one of another case, is 404); every write goes
through ``services`` (403 role, 409 state, 422 input — nothing written).
``{step}`` in the path is the step's position in the case's playbook (1, 2, …).
"""

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import StrictInt

from selaras.cases.api_handling import READ_ERRORS, WRITE_ERRORS, visible_case
from selaras.cases.schemas import StrictInput, Text
from selaras.core.api import ErrorOut
from selaras.core.errors import ValidationError

from . import selectors, services

router = Router(tags=["playbooks"])


class LegalBasisOut(Schema):
    regulation: str
    article: str
    text: str
    verified: bool = Field(description="Whether the citation was checked against the "
                                       "published text of the regulation.")


class StepOut(Schema):
    position: int
    title: str
    guidance: str
    responsible_level: int = Field(description="0 Pusat, 1 Kanwil, 2 Kankemenag, 3 KUA.")
    responsible_role: str
    anchor: str = Field(description="verified | reported | handling_started")
    offset_hours: int
    evidence_expected: str
    evidence_kind: str
    legal_basis: LegalBasisOut | None


class PlaybookOut(Schema):
    id: int
    title: str
    description: str
    category: str
    alert_level: int | None
    version: int
    published_at: datetime | None
    steps: list[StepOut]


class PlaybookList(Schema):
    items: list[PlaybookOut]
    count: int


class CaseStepOut(StepOut):
    status: str = Field(description="pending | done | skipped")
    is_next: bool
    task_id: int | None
    due_date: date | None
    assignee_unit: str | None
    done_at: datetime | None
    done_by: str | None
    skip_reason: str
    note: str
    attachment: int | None


class CasePlaybookOut(Schema):
    attached: bool
    playbook_id: int | None = None
    title: str | None = None
    version: int | None = None
    how: str | None = None
    attached_at: datetime | None = None
    done: int = 0
    total: int = 0
    steps: list[CaseStepOut] = []


class StepActionIn(StrictInput):
    action: Literal["complete", "skip"]
    reason: Text = Field("", max_length=2000,
                         description="Why the step is skipped (required for skip).")
    note: Text = Field("", max_length=2000, description="What was done (complete; optional).")
    attachment: StrictInt | None = Field(
        None, ge=1, description="Id of one of the case's attachments: the step's evidence.")


def _step_data(step) -> dict:
    legal = None
    if step.legal_regulation:
        legal = {"regulation": step.legal_regulation, "article": step.legal_article,
                 "text": step.legal_text, "verified": step.legal_verified}
    return {
        "position": step.position, "title": step.title, "guidance": step.guidance,
        "responsible_level": step.responsible_level, "responsible_role": step.responsible_role,
        "anchor": step.anchor, "offset_hours": step.offset_hours,
        "evidence_expected": step.evidence_expected, "evidence_kind": step.evidence_kind,
        "legal_basis": legal,
    }


def _case_playbook_data(case) -> dict:
    progress = selectors.case_progress(case)
    cp = progress.case_playbook
    if cp is None:
        return {"attached": False}
    next_row = progress.next_row
    steps = []
    for row in progress.rows:
        task = row.task
        steps.append({
            **_step_data(row.step), "status": row.status,
            "is_next": next_row is not None and row.pk == next_row.pk,
            "task_id": row.task_id, "due_date": task.due_date if task else None,
            "assignee_unit": task.assignee_unit.code if task and task.assignee_unit else None,
            "done_at": row.done_at, "done_by": row.done_by.username if row.done_by else None,
            "skip_reason": row.skip_reason, "note": row.note, "attachment": row.evidence_id,
        })
    return {"attached": True, "playbook_id": cp.version.playbook_id,
            "title": cp.version.playbook.title, "version": cp.version.number, "how": cp.how,
            "attached_at": cp.attached_at, "done": progress.done, "total": progress.total,
            "steps": steps}


@router.get("/playbooks", response={200: PlaybookList, 401: ErrorOut},
            summary="The published playbooks")
def list_playbooks(request: HttpRequest):
    """Every playbook's published version with its steps, guidance and legal basis."""
    versions = list(selectors.published_versions().prefetch_related("steps"))
    items = [{
        "id": v.playbook_id, "title": v.playbook.title, "description": v.playbook.description,
        "category": v.playbook.category_id, "alert_level": v.playbook.alert_level,
        "version": v.number, "published_at": v.published_at,
        "steps": [_step_data(s) for s in sorted(v.steps.all(),
                                                key=lambda s: (s.position, s.pk))],
    } for v in versions]
    return {"items": items, "count": len(items)}


@router.get("/cases/{number}/playbook", response={200: CasePlaybookOut, **READ_ERRORS},
            summary="The playbook the case follows, with the progress of each step")
def get_case_playbook(request: HttpRequest, number: str):
    """`attached` is false when the case follows no playbook (yet: one is attached when the
    case is verified)."""
    case = visible_case(request.auth, number)
    return _case_playbook_data(case)


@router.post("/cases/{number}/playbook/steps/{step}",
             response={200: CasePlaybookOut, **WRITE_ERRORS},
             summary="Complete or skip a step of the case's playbook")
def act_on_step(request: HttpRequest, number: str, step: str, payload: StepActionIn):
    """`{"action": "complete", "note"?, "attachment"?}` or `{"action": "skip", "reason"}`.
    `step` is the step's position. Each is a `playbook` event on the case's timeline and
    closes the step's task (done / cancelled)."""
    user = request.auth
    case = visible_case(user, number)
    progress = selectors.case_progress(case)
    position = str(step)
    row = next((r for r in progress.rows
                if position.isascii() and position.isdigit()
                and r.step.position == int(position)), None)
    if row is None:
        raise Http404(_("No such playbook step on this case."))
    if payload.action == "skip":
        services.skip_step(actor=user, case=case, progress=row, reason=payload.reason)
    else:
        services.complete_step(actor=user, case=case, progress=row, note=payload.note,
                               attachment=payload.attachment)
    return _case_playbook_data(case)



class AttachIn(StrictInput):
    playbook: StrictInt = Field(..., ge=1, le=2**63 - 1,
                                description="Id of a playbook (GET /playbooks); the case "
                                            "follows its published version.")
    reason: Text = Field("", max_length=2000,
                         description="Why: required when it replaces the case's playbook.")


@router.post("/cases/{number}/playbooks", response={200: CasePlaybookOut, **WRITE_ERRORS},
             summary="Choose the playbook the case follows")
def attach_playbook(request: HttpRequest, number: str, payload: AttachIn):
    """Like the case page: replacing the current playbook needs a `reason`; its open tasks
    are cancelled and the steps already done stay on record (409 if it already follows
    this playbook)."""
    user = request.auth
    case = visible_case(user, number)
    version = selectors.published_versions().filter(playbook_id=payload.playbook).first()
    if version is None:
        raise ValidationError({"playbook": [_("Choose a published playbook.")]})
    services.attach_playbook(actor=user, case=case, version=version, reason=payload.reason)
    return _case_playbook_data(case)
