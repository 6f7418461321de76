"""ETag / If-Match / If-None-Match for a case (no lost updates).

A case's entity tag is weak and derived from its ``version`` (bumped by the services
on every write): ``W/"<number>-v<version>"``. Comparison is weak (RFC 9110): the
``W/`` prefix is ignored.

* ``If-None-Match`` on GET: a match → 304 Not Modified.
* ``If-Match`` on PATCH: required (missing → 428); stale → 412, nothing is written.
* ``If-Match`` on a transition: optional for backwards compatibility (integrations
  written before it existed); when sent, stale → 412.
"""

import re

from django.http import HttpResponse
from django.utils.translation import gettext as _

from selaras.core.api import error_response

_TAG = re.compile(r'\s*(?:W/)?"([^"]*)"\s*')


def etag_for(case) -> str:
    return f'W/"{case.number}-v{case.version}"'


def _opaque(case) -> str:
    return f"{case.number}-v{case.version}"


def if_match_tags(header: str) -> list[str] | None:
    """The opaque tags of a header value; ``["*"]`` for ``*``; None when malformed."""
    if header.strip() == "*":
        return ["*"]
    tags = []
    for part in header.split(","):
        if not part.strip():
            continue
        match = _TAG.fullmatch(part)
        if match is None:
            return None
        tags.append(match.group(1))
    return tags


def required_single_tag(request, *, missing: str, malformed: str
                        ) -> tuple[str | None, HttpResponse | None]:
    """For a resource whose every change needs ``If-Match`` naming one tag (a playbook
    version, the risk settings): (the tag — None for ``*`` —, None) or (None, the 428
    answer with ``missing`` / the 400 answer with ``malformed``)."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        return None, error_response(428, missing)
    tags = if_match_tags(header)
    if tags is None or len(tags) != 1:
        return None, error_response(400, malformed)
    return (None if tags[0] == "*" else tags[0]), None


ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


def if_match_openapi(*, etag_header: dict, if_match: str, malformed: str, stale: str) -> dict:
    """``openapi_extra`` for an operation whose every change needs ``If-Match``
    (``required_single_tag``): the required header, and the ETag / 400 / 412 / 428
    answers, each described in the resource's own words."""
    return {
        "parameters": [{
            "in": "header", "name": "If-Match", "required": True,
            "schema": {"type": "string"}, "description": if_match,
        }],
        "responses": {
            200: {"headers": etag_header},
            400: {"description": malformed, "content": ERROR_CONTENT},
            412: {"description": stale, "content": ERROR_CONTENT, "headers": etag_header},
            428: {"description": "If-Match is required.", "content": ERROR_CONTENT},
        },
    }


def with_etag(response: HttpResponse, case) -> HttpResponse:
    response["ETag"] = etag_for(case)
    return response


def not_modified(request, case) -> HttpResponse | None:
    """304 when ``If-None-Match`` names the case's current tag (or ``*``)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return None
    tags = if_match_tags(header) or []
    if "*" in tags or _opaque(case) in tags:
        response = HttpResponse(status=304)
        response["ETag"] = etag_for(case)
        return response
    return None


class Precondition:
    """The outcome of checking ``If-Match`` against the case as read."""

    def __init__(self, *, expected_version: int | None = None,
                 response: HttpResponse | None = None, sent: bool = False):
        self.expected_version = expected_version
        self.response = response
        self.sent = sent


def stale_response(case) -> HttpResponse:
    response = error_response(412, _(
        "Someone else changed this case since you read it (it is now at version "
        "%(version)s). Nothing was changed. GET the case again, review the changes and "
        "retry with its new ETag in If-Match.") % {"version": case.version})
    response["ETag"] = etag_for(case)
    return response


def check_if_match(request, case, *, required: bool) -> Precondition:
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        if required:
            return Precondition(response=error_response(428, _(
                "This request needs the header If-Match with the case's ETag (from GET "
                "/api/v1/cases/{number}), so that it cannot overwrite someone else's "
                "change.")))
        return Precondition()
    tags = if_match_tags(header)
    if tags is None:
        return Precondition(response=error_response(400, _(
            'The If-Match header is not valid; send the ETag as received, e.g. '
            'W/"KSBK-2026-000001-v3".')), sent=True)
    if "*" in tags:
        return Precondition(sent=True)  # any current version: no lost-update protection
    if _opaque(case) in tags:
        return Precondition(expected_version=case.version, sent=True)
    return Precondition(response=stale_response(case), sent=True)
