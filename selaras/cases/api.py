"""API v1 endpoints for cases: thin handlers over selectors (reads) and services (writes).

Reads start from the same selectors as the web UI (so the same jurisdiction and the
same filters); a case outside the caller's jurisdiction is 404 on every endpoint.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from selaras.audit.access_log import log_personal_data_view
from selaras.core.api import ErrorOut, paginate
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.integration import concurrency

from . import access, selectors, services
from .models import Case, Category, Note
from .schemas import (
    REQUIRED_ON_CREATE,
    CaseCreateIn,
    CaseDetailOut,
    CaseListQuery,
    CasePage,
    CaseUpdateIn,
    CategoryList,
    EventList,
    NoteIn,
    NoteList,
    NoteOut,
    TransitionIn,
    case_data,
    case_detail_data,
    event_data,
    note_data,
)

router = Router(tags=["cases"])

READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                422: ErrorOut}
# If-Match (selaras.integration.concurrency): stale → 412, missing on PATCH → 428.
PRECONDITION_ERRORS = {412: ErrorOut, 428: ErrorOut}


def _stale_or_raise(case, precondition, exc: ActionNotAllowed):
    """A version conflict the caller announced with If-Match is 412; any other refusal
    (a workflow-state conflict) stays 409."""
    if precondition.expected_version is not None:
        current = Case.objects.only("pk", "number", "version").get(pk=case.pk)
        if current.version != precondition.expected_version:
            return concurrency.stale_response(current)
    raise exc


def _visible_case(user, number: str):
    """The case by number through the UI's selector (404 outside jurisdiction)."""
    if "\x00" in number:
        # PostgreSQL cannot even compare such a string; no case has this number.
        raise Http404(_("No case with that number."))
    return selectors.get_case(user, number)


def _no_nul_in_query(request: HttpRequest) -> None:
    bad = [key for key, values in request.GET.lists() if any("\x00" in v for v in values)]
    if bad:
        raise ValidationError({key: _("Text may not contain NUL characters.") for key in bad})


@router.get("/cases", response={200: CasePage, 401: ErrorOut, 422: ErrorOut},
            summary="List cases (the web UI's filters)")
def list_cases(request: HttpRequest, filters: Query[CaseListQuery]):
    """Cases the caller may see, filtered like the web UI's case list, one page at a time.
    Items carry no `allowed_actions`; GET the case for them."""
    _no_nul_in_query(request)
    user = request.auth
    flt = selectors.CaseFilter.from_params(request.GET)
    queryset = selectors.case_list(user, flt).select_related("duplicate_of")
    page = paginate(request, queryset, page=filters.page, page_size=filters.page_size)
    page["items"] = [case_data(case, user) for case in page["items"]]
    return page


@router.post("/cases", response={201: CaseDetailOut, **WRITE_ERRORS}, summary="Register a case")
def create_case(request: HttpRequest, payload: CaseCreateIn):
    """Registers a report (status `dilaporkan`), routed to its default handling unit by
    location and alert level. Answers 201 with the case."""
    user = request.auth
    fields = payload.model_dump()
    missing = [name for name in REQUIRED_ON_CREATE if fields[name] in (None, "")]
    if missing:
        _refuse_with_every_problem(user, fields, missing)
    case = services.create_case(actor=user, **fields)
    # The new case as created (not re-read: a confidential case routed above a reporter's
    # office is not visible to that reporter afterwards).
    return Status(201, case_detail_data(case, user))


def _refuse_with_every_problem(user, fields: dict, missing: list[str]):
    """Missing required fields are reported together with every other problem of the body,
    so an integrator fixes everything in one round."""
    errors: dict[str, list[str]] = {}
    try:
        services.create_case(actor=user, **fields)
    except ValidationError as exc:
        errors = exc.message_dict
    else:  # the services refuse a case without its required fields; make sure of it
        raise AssertionError(f"create_case accepted a case without {missing}")
    for name in missing:
        errors[name] = [_("This field is required.")]
    raise ValidationError(errors)


@router.get("/cases/{number}", response={200: CaseDetailOut, 304: None, **READ_ERRORS},
            summary="Get one case")
def get_case(request: HttpRequest, number: str, response: HttpResponse):
    """Answers with an `ETag` (weak, from the case's version); send it back in
    `If-None-Match` to get 304 when nothing changed, or in `If-Match` to change the case."""
    user = request.auth
    case = _visible_case(user, number)
    log_personal_data_view(request, case=case, via="api_case")
    unchanged = concurrency.not_modified(request, case)
    if unchanged is not None:
        return unchanged
    concurrency.with_etag(response, case)
    return case_detail_data(case, user)


@router.patch("/cases/{number}",
              response={200: CaseDetailOut, **WRITE_ERRORS, **PRECONDITION_ERRORS},
              summary="Change case details")
def update_case(request: HttpRequest, number: str, payload: CaseUpdateIn,
                response: HttpResponse):
    """Changes only the fields sent; `reason` (optional) goes to the timeline.
    Requires `If-Match` with the case's ETag: missing → 428, stale (someone else changed
    the case since) → 412 and nothing is written. Answers with the new ETag."""
    user = request.auth
    case = _visible_case(user, number)
    if not request.headers.get("If-Match") and not access.can(user, "change", case):
        raise PermissionDenied(_("You may not change this case."))  # 403 before 428
    precondition = concurrency.check_if_match(request, case, required=True)
    if precondition.response is not None:
        return precondition.response
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", "")
    try:
        updated = services.update_case(actor=user, case=case, changes=changes, reason=reason,
                                       expected_version=precondition.expected_version)
    except ActionNotAllowed as exc:
        return _stale_or_raise(case, precondition, exc)
    concurrency.with_etag(response, updated)
    return case_detail_data(updated, user)


@router.post("/cases/{number}/transitions",
             response={200: CaseDetailOut, **WRITE_ERRORS, **PRECONDITION_ERRORS},
             summary="Apply a workflow action")
def transition(request: HttpRequest, number: str, payload: TransitionIn,
               response: HttpResponse):
    """Applies one row of the workflow table and answers with the updated case (and its
    new ETag). 403: your role may not do this here; 409: not possible in the case's
    current state. `If-Match` is optional here (for integrations written before it
    existed) but recommended: when sent and stale → 412, nothing is changed."""
    user = request.auth
    case = _visible_case(user, number)
    precondition = concurrency.check_if_match(request, case, required=False)
    if precondition.response is not None:
        return precondition.response
    try:
        updated = services.perform_transition(
            actor=user, case=case, expected_version=precondition.expected_version,
            **payload.model_dump())
    except ActionNotAllowed as exc:
        return _stale_or_raise(case, precondition, exc)
    concurrency.with_etag(response, updated)
    # Not re-read through the selector: a confidential case moved elsewhere may no longer
    # be visible to the actor, who still gets the result of what they did.
    return case_detail_data(updated, user)


@router.get("/cases/{number}/events", response={200: EventList, **READ_ERRORS},
            summary="The case's timeline")
def case_events(request: HttpRequest, number: str):
    user = request.auth
    case = _visible_case(user, number)
    log_personal_data_view(request, case=case, via="api_case_events")
    personal = access.sees_personal_data(user, case)
    items = [event_data(event, personal=personal) for event in selectors.case_events(case)]
    return {"items": items, "count": len(items)}


@router.get("/cases/{number}/notes", response={200: NoteList, **READ_ERRORS},
            summary="The case's notes")
def case_notes(request: HttpRequest, number: str):
    user = request.auth
    case = _visible_case(user, number)
    notes = Note.objects.filter(case=case).select_related("author").order_by("created_at", "id")
    items = [note_data(note) for note in notes]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/notes", response={201: NoteOut, **WRITE_ERRORS},
             summary="Add a note")
def add_note(request: HttpRequest, number: str, payload: NoteIn):
    user = request.auth
    case = _visible_case(user, number)
    note = services.add_note(actor=user, case=case, body=payload.body)
    return Status(201, note_data(note))


@router.get("/categories", response={200: CategoryList, 401: ErrorOut},
            tags=["reference data"], summary="Case categories and sub-categories")
def list_categories(request: HttpRequest):
    """The active vocabulary; a sub-category names its `parent`."""
    categories = Category.objects.filter(is_active=True).order_by("position", "code")
    items = [
        {"code": c.code, "name": c.name, "name_en": c.name_en, "parent": c.parent_id}
        for c in categories
    ]
    return {"items": items, "count": len(items)}
