"""API v1: related cases and merging a duplicate — plus the small helpers every
case-scoped router of issue #3 shares (parties, handling, evidence, registry, reports).

Every case-scoped endpoint starts with ``visible_case`` (the UI's ``get_case``: 404
outside jurisdiction). A sub-object (task, agreement, attachment, …) is looked up
*within that case*: an id that does not exist, or that belongs to another case, is
404 — the same answer, so ids of other cases give nothing away.
"""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from selaras.core.api import ErrorOut
from selaras.core.errors import ValidationError

from . import relations
from .api import _no_nul_in_query, _visible_case
from .schemas import CaseDetailOut, CaseOut, StrictInput, Text, case_data, case_detail_data

# Largest primary key any supported database stores (SQLite and PostgreSQL bigint);
# a larger number would not even reach the database (SQLite raises OverflowError).
MAX_ID = 2**63 - 1
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                422: ErrorOut}

no_nul_in_query = _no_nul_in_query


def visible_case(user, number: str):
    """The case by number if the user can see it, else Http404."""
    return _visible_case(user, number)


def object_id(raw, message: str) -> int:
    """A path id as a database id, or Http404 with ``message`` (never a 422 or a 500:
    a malformed id names nothing, exactly like an unknown one)."""
    text = str(raw)
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        raise Http404(message)
    pk = int(text)
    if not 1 <= pk <= MAX_ID:
        raise Http404(message)
    return pk


def in_case(queryset, case, raw_id, message: str):
    """The object with id ``raw_id`` among ``queryset``'s rows of ``case``, else Http404."""
    pk = object_id(raw_id, message)
    found = queryset.filter(case=case, pk=pk).first()
    if found is None:
        raise Http404(message)
    found.case = case  # the case as fetched through the selectors (with its joins)
    return found


def username(user) -> str | None:
    return user.username if user is not None else None


def display_name(user) -> str | None:
    return user.display_name if user is not None else None


def rename_fields(exc: ValidationError, mapping: dict[str, str]) -> ValidationError:
    """The same refusal with the services' field names replaced by the API's."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({mapping.get(field, field): messages
                            for field, messages in exc.message_dict.items()})


# --------------------------------------------------------------------------- routes

router = Router(tags=["related cases"])


class RelatedIn(StrictInput):
    other: Text = Field(description="The number of the other case (one you can see).")
    reason: Text = Field("", description="Why the cases belong together (optional).")


class RelatedList(Schema):
    items: list[CaseOut]
    count: int


class MergeIn(StrictInput):
    into: Text = Field(description="The number of the original case (one you can see).")
    reason: Text = Field(description="Why this case is a duplicate (kept on both timelines).")


@router.get("/cases/{number}/related", response={200: RelatedList, **READ_ERRORS},
            summary="Related cases")
def list_related(request: HttpRequest, number: str):
    """Cases linked to this one (from either side) that you can see."""
    user = request.auth
    case = visible_case(user, number)
    items = [case_data(c, user) for c in
             relations.related_cases(user, case).select_related("duplicate_of")]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/related", response={201: CaseOut, **WRITE_ERRORS},
             summary="Link a related case")
def link_related(request: HttpRequest, number: str, payload: RelatedIn):
    """Links the two cases (no direction; both timelines record it) and answers with the
    other case. You must be allowed to change this case; the other only needs to be
    visible to you."""
    user = request.auth
    case = visible_case(user, number)
    relation = relations.link_related(actor=user, case=case, other=payload.other,
                                      reason=payload.reason)
    other_pk = relation.to_case_id if relation.from_case_id == case.pk else relation.from_case_id
    other = (relations.related_cases(user, case).select_related("duplicate_of")
             .filter(pk=other_pk).first())
    return Status(201, case_data(other, user))


@router.delete("/cases/{number}/related/{other}", response={204: None, **WRITE_ERRORS},
               summary="Unlink a related case")
def unlink_related(request: HttpRequest, number: str, other: str, reason: str = ""):
    """Removes the link; `?reason=` (optional) goes on both timelines."""
    no_nul_in_query(request)
    user = request.auth
    case = visible_case(user, number)
    if "\x00" in other:
        raise Http404(_("No case with that number."))
    relations.unlink_related(actor=user, case=case, other=other, reason=reason)
    return Status(204, None)


@router.post("/cases/{number}/merge", response={200: CaseDetailOut, **WRITE_ERRORS},
             summary="Merge this duplicate into its original")
def merge(request: HttpRequest, number: str, payload: MergeIn):
    """Rejects this case as a duplicate of `into` (status `ditolak`, `duplicate_of` set) and
    moves its parties, notes and attachments to the original; both timelines say so.
    Answers with this (now rejected) case. Needs the head (kepala) of the handling office
    or above; 409 when the case is resolved, closed or already rejected; 422 when `into`
    cannot be the original (unknown or not visible, itself, rejected, closed, a loop, or
    not confidential while this case is)."""
    user = request.auth
    duplicate = visible_case(user, number)
    try:
        updated = relations.merge_duplicate(actor=user, duplicate=duplicate,
                                            original=payload.into, reason=payload.reason)
    except ValidationError as exc:
        raise rename_fields(exc, {"original": "into"}) from None
    updated = type(updated).objects.select_related(
        "category", "subcategory", "handling_unit", "location", "duplicate_of").get(pk=updated.pk)
    return case_detail_data(updated, user)
