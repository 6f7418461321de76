"""API v1: duplicate candidates for a draft report (intake), over selaras.cases.duplicates."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from selaras.core.api import ErrorOut

from .duplicates import find_duplicate_candidates
from .schemas import StrictInput, Text

router = Router(tags=["cases"])


class DuplicateDraftIn(StrictInput):
    model_config = ConfigDict(extra="forbid")

    title: Text = Field("", max_length=500, description="The draft's title.")
    chronology: Text = Field("", max_length=20000, description="The draft's chronology.")
    category: Text = Field("", max_length=50,
                           description="Main category code; empty: any category.")
    location: Text = Field("", max_length=10, description="District (6) or village (10) code.")
    occurred_at: datetime | None = Field(
        None, description="When it happened (ISO 8601); the window is counted around it "
                          "(default: now).")


class DuplicateCandidateOut(Schema):
    number: str
    title: str
    status: str
    score: int = Field(description="0-100: 80 % text similarity, 20 % closeness of place.")
    reasons: list[str]


class DuplicateCandidateList(Schema):
    items: list[DuplicateCandidateOut]
    count: int


@router.post("/cases/duplicate-candidates",
             response={200: DuplicateCandidateList, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
             summary="Possible duplicates of a draft report")
def duplicate_candidates(request: HttpRequest, payload: DuplicateDraftIn):
    """Cases you can see that may describe the same conflict as the draft: same or
    neighbouring district, same category, within the window (`DUPLICATE_WINDOW_DAYS`),
    similar title or chronology. Best first, at most 5. Nothing is stored."""
    found = find_duplicate_candidates(
        request.auth, title=payload.title, chronology=payload.chronology,
        category=payload.category, location=payload.location, occurred_at=payload.occurred_at,
    )
    items = [{"number": c.number, "title": c.title, "status": c.case.status, "score": c.score,
              "reasons": c.reasons} for c in found]
    return {"items": items, "count": len(items)}
