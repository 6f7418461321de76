"""API v1: SOP playbooks — the catalogue, a case's playbook, completing or skipping a step.

Same conventions as the other case-scoped routers: the case comes from
``visible_case`` (404 outside jurisdiction); a step is looked up within that case's
current playbook (an unknown id, or one of another case, is 404); every write goes
through ``services`` (403 role, 409 state, 422 input — nothing written).
``{step}`` in the path is the step's position in the case's playbook (1, 2, …).
"""

from datetime import date, datetime
from typing import Literal

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from selaras.cases.api_handling import READ_ERRORS, WRITE_ERRORS, object_id, visible_case
from selaras.cases.schemas import StrictInput, Text
from selaras.core.api import ErrorOut, error_response
from selaras.core.errors import PermissionDenied, ValidationError
from selaras.integration.concurrency import (
    if_match_openapi,
    if_match_tags,
    required_single_tag,
)

from . import access, selectors, services
from .models import PlaybookStep, PlaybookVersion, VersionStatus

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


# --------------------------------------------------------------------------- authoring (Pusat)
# The editing pages' API (issue #5): the same services, the same rule (``access.may_edit``:
# kepala or admin at Pusat, else 403) and the same draft-only edits (409 on a published or
# retired version). A version answers with an ETag (a digest of its content,
# ``services.version_tag``); every change to a draft needs it back in If-Match, so a stale
# edit cannot overwrite someone else's: missing → 428, stale → 412, nothing written.

NOT_MODIFIED_OR_ETAG = {"ETag": {"description": 'The version\'s entity tag, weak: '
                                                'W/"pb<id>-v<number>-<digest>". Send it in '
                                                'If-Match to change the draft.',
                                 "schema": {"type": "string"}}}
IF_MATCH_DOCS = if_match_openapi(
    etag_header=NOT_MODIFIED_OR_ETAG,
    if_match="Required: the version's ETag as received (GET "
             "/playbooks/{playbook_id}/versions/{number}, or the answer to the previous "
             "change). Missing → 428; another state of the draft → 412 and nothing is "
             "written; `*` matches any state.",
    malformed="The If-Match header is not valid.",
    stale="Stale If-Match: someone changed the draft since; nothing was changed. The "
          "answer carries the current ETag.")
AUTHOR_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                 422: ErrorOut}


class PlaybookIn(StrictInput):
    category: Text = Field(..., description="Category or sub-category code (GET /categories).")
    alert_level: StrictInt | None = Field(
        None, description="1, 2 or 3: a playbook for that level only; null: every level.")
    title: Text = Field(..., description="At most 200 characters.")
    description: Text = Field("", description="At most 5,000 characters.")


class VersionSummaryOut(Schema):
    number: int
    status: str = Field(description="draft | published | retired")
    change_note: str
    steps: int = Field(description="Number of steps.")
    created_at: datetime
    published_at: datetime | None
    retired_at: datetime | None


class PlaybookDetailOut(Schema):
    id: int
    title: str
    description: str
    category: str
    alert_level: int | None
    created_at: datetime
    published_version: int | None = Field(description="Number of the published version.")
    draft_version: int | None = Field(description="Number of the draft, if there is one.")
    versions: list[VersionSummaryOut] = Field(description="Newest first.")


class AuthoredStepOut(StepOut):
    id: int = Field(description="The step's id, for changing, moving or removing it.")
    legal_regulation: str
    legal_article: str
    legal_text: str
    legal_verified: bool


class VersionOut(Schema):
    playbook_id: int
    playbook_title: str
    number: int
    status: str = Field(description="draft | published | retired")
    change_note: str
    created_at: datetime
    created_by: str | None
    published_at: datetime | None
    published_by: str | None
    retired_at: datetime | None
    editable: bool = Field(description="A draft, and the caller may edit playbooks.")
    steps: list[AuthoredStepOut]


class ChangeNoteIn(StrictInput):
    change_note: Text = Field(..., description="What changed in this version (at most 2,000 "
                                               "characters; required to publish from "
                                               "version 2 on).")


class StepIn(StrictInput):
    """The fields of a step; every value is checked by the service (422 with every problem
    at once, nothing written)."""

    title: Text = Field(..., description="At most 200 characters.")
    guidance: Text = Field(..., description="What to do and how, in Indonesian (at most "
                                            "5,000 characters).")
    responsible_level: StrictInt = Field(..., description="0 Pusat, 1 Kanwil, 2 Kankemenag, "
                                                          "3 KUA.")
    offset_hours: StrictInt = Field(..., description="Deadline: hours after the anchor event "
                                                     "(0 to 8,760).")
    responsible_role: Text = Field("penangan", description="Role responsible, e.g. penangan.")
    anchor: Text = Field("verified", description="verified | reported | handling_started")
    evidence_expected: Text = Field("", description="At most 500 characters.")
    evidence_kind: Text = Field("", description="notulen, foto, dokumen, audio, lainnya or "
                                                "empty.")
    legal_regulation: Text = Field("", description="At most 300 characters.")
    legal_article: Text = Field("", description="At most 200 characters.")
    legal_text: Text = Field("", description="What the article says (at most 5,000).")
    legal_verified: StrictBool = Field(
        False, description="The article was checked against the published text (needs "
                           "regulation and article).")


class StepPatchIn(StrictInput):
    """Only the fields sent change; the others keep their values (like the edit form)."""

    title: Text = Field(None)
    guidance: Text = Field(None)
    responsible_level: StrictInt = Field(None)
    offset_hours: StrictInt = Field(None)
    responsible_role: Text = Field(None)
    anchor: Text = Field(None)
    evidence_expected: Text = Field(None)
    evidence_kind: Text = Field(None)
    legal_regulation: Text = Field(None)
    legal_article: Text = Field(None)
    legal_text: Text = Field(None)
    legal_verified: StrictBool = Field(None)


class MoveIn(StrictInput):
    direction: Text = Field(..., description="up | down (at the top or bottom: no change).")


class PublishIn(StrictInput):
    change_note: Text | None = Field(None, description="What changed (replaces the draft's "
                                                       "note when given).")


def _require_reader(user) -> None:
    if not access.may_read(user):
        raise PermissionDenied(_("You have no office in Selaras."))


def _require_editor(user) -> None:
    # Before the If-Match check, so a caller without the right hears 403, not 428.
    if not access.may_edit(user):
        raise PermissionDenied(_("Only the directorate (Pusat) may edit playbooks."))


def _playbook(playbook_id: str):
    return selectors.get_playbook(object_id(playbook_id, _("No such playbook.")))


def _version(playbook_id: str, number: str):
    playbook = _playbook(playbook_id)
    return playbook, selectors.get_version(playbook, object_id(number, _("No such version.")))


def _step_of(version, step_id: str):
    pk = object_id(step_id, _("No such step."))
    step = PlaybookStep.objects.select_related("version__playbook").filter(
        pk=pk, version=version).first()
    if step is None:
        raise Http404(_("No such step."))
    return step


def _draft(request: HttpRequest, playbook_id: str, number: str, step_id: str | None = None):
    """The authoring endpoints' preamble: (user, version, step or None). 403 unless the
    caller may edit (before anything else), then 404 for an unknown playbook, version or
    step of that version."""
    user = request.auth
    _require_editor(user)
    _playbook_obj, version = _version(playbook_id, number)
    step = None if step_id is None else _step_of(version, step_id)
    return user, version, step


def _etag(version) -> str:
    return f'W/"{services.version_tag(version)}"'


def _playbook_detail(playbook) -> dict:
    versions = list(playbook.versions.annotate(step_count=Count("steps")).order_by("-number"))
    published = next((v.number for v in versions if v.status == VersionStatus.PUBLISHED), None)
    draft = next((v.number for v in versions if v.status == VersionStatus.DRAFT), None)
    return {
        "id": playbook.pk, "title": playbook.title, "description": playbook.description,
        "category": playbook.category_id, "alert_level": playbook.alert_level,
        "created_at": playbook.created_at, "published_version": published,
        "draft_version": draft,
        "versions": [{"number": v.number, "status": v.status, "change_note": v.change_note,
                      "steps": v.step_count, "created_at": v.created_at,
                      "published_at": v.published_at, "retired_at": v.retired_at}
                     for v in versions],
    }


def _version_data(version, user) -> dict:
    version = (PlaybookVersion.objects.select_related("playbook", "created_by", "published_by")
               .get(pk=version.pk))
    return {
        "playbook_id": version.playbook_id, "playbook_title": version.playbook.title,
        "number": version.number, "status": version.status,
        "change_note": version.change_note, "created_at": version.created_at,
        "created_by": version.created_by.username if version.created_by else None,
        "published_at": version.published_at,
        "published_by": version.published_by.username if version.published_by else None,
        "retired_at": version.retired_at,
        "editable": version.is_draft and access.may_edit(user),
        "steps": [{**_step_data(s), "id": s.pk,
                   **{f: getattr(s, f) for f in ("legal_regulation", "legal_article",
                                                 "legal_text", "legal_verified")}}
                  for s in selectors.version_steps(version)],
    }


def _answer(response: HttpResponse, version, user) -> dict:
    version.refresh_from_db()
    response["ETag"] = _etag(version)
    return _version_data(version, user)


def _expected_tag(request: HttpRequest) -> tuple[str | None, HttpResponse | None]:
    """(the tag If-Match names — None for `*` —, or the error answer)."""
    return required_single_tag(
        request,
        missing=_("This request needs the header If-Match with the version's ETag (from GET "
                  "/api/v1/playbooks/{playbook_id}/versions/{number}), so that it cannot "
                  "overwrite someone else's change."),
        malformed=_("The If-Match header is not valid; send the version's ETag as received, "
                    'e.g. W/"pb3-v2-0123456789abcdef".'))


def _stale(exc: services.StaleDraft) -> HttpResponse:
    response = error_response(412, _(
        "Someone else changed this version since you read it. Nothing was changed. GET "
        "the version again, review it and retry with its new ETag in If-Match."))
    response["ETag"] = _etag(exc.version)
    return response


def _edit(request: HttpRequest, response: HttpResponse, version, change):
    """Run ``change(expected_tag)`` under If-Match; answer with the version and its ETag."""
    expected, refused = _expected_tag(request)
    if refused is not None:
        return refused
    try:
        change(expected)
    except services.StaleDraft as exc:
        return _stale(exc)
    return _answer(response, version, request.auth)


@router.post("/playbooks", response={201: PlaybookDetailOut, **AUTHOR_ERRORS},
             summary="Create a playbook (Pusat)")
def create_playbook(request: HttpRequest, payload: PlaybookIn):
    """A new playbook for a category (optionally one alert level) with an empty draft
    version 1: add its steps, then publish it. 422 when the category already has a
    playbook for that alert level."""
    user = request.auth
    _require_editor(user)
    playbook = services.create_playbook(
        actor=user, category=payload.category, title=payload.title,
        alert_level=payload.alert_level, description=payload.description)
    return Status(201, _playbook_detail(playbook))


@router.get("/playbooks/{playbook_id}", response={200: PlaybookDetailOut, 401: ErrorOut,
                                                  403: ErrorOut, 404: ErrorOut},
            summary="One playbook with its versions")
def get_playbook(request: HttpRequest, playbook_id: str):
    """Every version (draft, published, retired), newest first, like the playbook page."""
    _require_reader(request.auth)
    return _playbook_detail(_playbook(playbook_id))


@router.post("/playbooks/{playbook_id}/drafts",
             response={200: VersionOut, 201: VersionOut, **AUTHOR_ERRORS},
             summary="Start a new draft version (Pusat)",
             openapi_extra={"responses": {200: {"headers": NOT_MODIFIED_OR_ETAG},
                                          201: {"headers": NOT_MODIFIED_OR_ETAG}}})
def create_draft(request: HttpRequest, playbook_id: str, response: HttpResponse):
    """A draft copying every step of the latest version (201); when the playbook already
    has a draft, that draft (200) — there is at most one. Answers with its ETag."""
    user = request.auth
    _require_editor(user)
    playbook = _playbook(playbook_id)
    had_draft = selectors.draft_version(playbook) is not None
    draft = services.new_draft(actor=user, playbook=playbook)
    body = _answer(response, draft, user)
    return Status(200 if had_draft else 201, body)


@router.get("/playbooks/{playbook_id}/versions/{number}",
            response={200: VersionOut, 304: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
            summary="One version of a playbook with its steps",
            openapi_extra={
                "parameters": [{"in": "header", "name": "If-None-Match", "required": False,
                                "schema": {"type": "string"},
                                "description": "The ETag you have; when it is still current "
                                               "→ 304 without a body."}],
                "responses": {200: {"headers": NOT_MODIFIED_OR_ETAG},
                              304: {"description": "Not modified: your ETag is current.",
                                      "headers": NOT_MODIFIED_OR_ETAG}}})
def get_version(request: HttpRequest, playbook_id: str, number: str, response: HttpResponse):
    """Drafts, published and retired versions alike (every member may read them), with the
    ETag to send in If-Match when changing a draft."""
    user = request.auth
    _require_reader(user)
    _playbook_obj, version = _version(playbook_id, number)
    etag = _etag(version)
    tags = if_match_tags(request.headers.get("If-None-Match") or "") or []
    if "*" in tags or etag[2:].strip('"') in tags:
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return _version_data(version, user)


@router.patch("/playbooks/{playbook_id}/versions/{number}",
              response={200: VersionOut, **AUTHOR_ERRORS}, openapi_extra=IF_MATCH_DOCS,
              summary="Change a draft's change note (Pusat)")
def change_note(request: HttpRequest, playbook_id: str, number: str, payload: ChangeNoteIn,
                response: HttpResponse):
    """Only a draft (409 otherwise). Needs If-Match."""
    user, version, _step = _draft(request, playbook_id, number)
    return _edit(request, response, version, lambda tag: services.set_change_note(
        actor=user, version=version, change_note=payload.change_note, expected_tag=tag))


@router.post("/playbooks/{playbook_id}/versions/{number}/steps",
             response={201: VersionOut, **AUTHOR_ERRORS},
             openapi_extra={**IF_MATCH_DOCS, "responses": {
                 **{k: v for k, v in IF_MATCH_DOCS["responses"].items() if k != 200},
                 201: {"headers": NOT_MODIFIED_OR_ETAG}}},
             summary="Add a step at the end of a draft (Pusat)")
def add_step(request: HttpRequest, playbook_id: str, number: str, payload: StepIn,
             response: HttpResponse):
    """Appends the step and answers 201 with the draft (the new step last) and its new
    ETag. Needs If-Match."""
    user, version, _step = _draft(request, playbook_id, number)
    answer = _edit(request, response, version, lambda tag: services.add_step(
        actor=user, version=version, data=payload.model_dump(), expected_tag=tag))
    return answer if isinstance(answer, HttpResponse) else Status(201, answer)


@router.patch("/playbooks/{playbook_id}/versions/{number}/steps/{step_id}",
              response={200: VersionOut, **AUTHOR_ERRORS}, openapi_extra=IF_MATCH_DOCS,
              summary="Change a step of a draft (Pusat)")
def edit_step(request: HttpRequest, playbook_id: str, number: str, step_id: str,
              payload: StepPatchIn, response: HttpResponse):
    """Changes only the fields sent. Needs If-Match."""
    user, version, step = _draft(request, playbook_id, number, step_id)
    data = {f: getattr(step, f) for f in services.STEP_FIELDS}
    data.update(payload.model_dump(exclude_unset=True))
    return _edit(request, response, version, lambda tag: services.update_step(
        actor=user, step=step, data=data, expected_tag=tag))


@router.post("/playbooks/{playbook_id}/versions/{number}/steps/{step_id}/move",
             response={200: VersionOut, **AUTHOR_ERRORS}, openapi_extra=IF_MATCH_DOCS,
             summary="Move a step of a draft up or down (Pusat)")
def move_step(request: HttpRequest, playbook_id: str, number: str, step_id: str,
              payload: MoveIn, response: HttpResponse):
    """Swaps the step with its neighbour. Needs If-Match."""
    user, version, step = _draft(request, playbook_id, number, step_id)
    return _edit(request, response, version, lambda tag: services.move_step(
        actor=user, step=step, direction=payload.direction, expected_tag=tag))


@router.delete("/playbooks/{playbook_id}/versions/{number}/steps/{step_id}",
               response={200: VersionOut, **AUTHOR_ERRORS}, openapi_extra=IF_MATCH_DOCS,
               summary="Remove a step from a draft (Pusat)")
def remove_step(request: HttpRequest, playbook_id: str, number: str, step_id: str,
                response: HttpResponse):
    """The steps after it move up one position. Answers with the draft and its new ETag.
    Needs If-Match."""
    user, version, step = _draft(request, playbook_id, number, step_id)
    return _edit(request, response, version, lambda tag: services.remove_step(
        actor=user, step=step, expected_tag=tag))


@router.post("/playbooks/{playbook_id}/versions/{number}/publish",
             response={200: VersionOut, **AUTHOR_ERRORS}, openapi_extra=IF_MATCH_DOCS,
             summary="Publish a draft (Pusat)")
def publish_version(request: HttpRequest, playbook_id: str, number: str, payload: PublishIn,
                    response: HttpResponse):
    """The draft becomes the published version (attached to newly verified cases); the
    version published before is retired, and cases following it keep it. 422 without
    steps, or from version 2 on without a change note. Needs If-Match."""
    user, version, _step = _draft(request, playbook_id, number)
    return _edit(request, response, version, lambda tag: services.publish(
        actor=user, version=version, change_note=payload.change_note, expected_tag=tag))
