"""API v1: reports from other systems (``POST /intake``) and a case's external references.

See ``intake.py`` for the rules and docs/api.md "Intake from other systems" for examples.
"""

from datetime import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictInt, WithJsonSchema

from selaras.cases import access, selectors
from selaras.cases.models import Case
from selaras.cases.schemas import StrictInput, Text
from selaras.core.api import ErrorOut

from . import intake
from .models import ExternalReference, SourceSystem

router = Router(tags=["intake"])

REQUIRED = ("source_system", "external_ref", "location", "text")


def _mark_required(schema: dict) -> None:
    schema["required"] = list(REQUIRED)


def _required(description: str):
    # Arrives as None when missing, so that the service reports every problem at once.
    return Field(None, description=description)


RequiredText = Annotated[Text | None, WithJsonSchema({"type": "string"})]


class IntakeIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_mark_required)

    source_system: RequiredText = _required(
        "The sending system: " + ", ".join(SourceSystem.values) + ".")
    external_ref: RequiredText = _required(
        "The report's id in the sending system (at most 100 characters). The same "
        "source_system + external_ref again returns the case created the first time.")
    location: RequiredText = _required(
        "Kemendagri region code of the district (6 digits) or village (10 digits).")
    text: RequiredText = _required("The report in free text (at most 20,000 characters).")
    title: Text | None = Field(
        None, description="Short title (at most 200 characters); default: the text's first "
        "line, shortened to 120 characters.")
    category: Text | None = Field(
        None, description="Main category code (GET /categories); default 'lainnya'.")
    alert_level: Annotated[StrictInt | None, WithJsonSchema({"type": "integer"})] = Field(
        None, description="1 Waspada (default), 2 Siaga, 3 Awas.")
    occurred_at: Annotated[
        datetime | None, WithJsonSchema({"type": "string", "format": "date-time"})
    ] = Field(None, description="When it happened, ISO 8601 with offset; default: now.")
    address: Text | None = Field(None, description="Address or place description.")
    reporter_name: Text | None = Field(None, description="Who reported it (personal data).")
    reporter_contact: Text | None = Field(
        None, description="Phone number or e-mail of the reporter (personal data).")
    latitude: float | None = Field(None, description="WGS 84 latitude.")
    longitude: float | None = Field(None, description="WGS 84 longitude.")
    extra: dict[str, Any] | None = Field(
        None, description="Any other data of the sending system, kept for reference "
        "(a JSON object of at most 8 KiB).")


class IntakeOut(Schema):
    created: bool = Field(description="true: this request created the case (201); false: the "
                          "pair was already known (200) and nothing was created.")
    number: str | None = Field(description="The case number; null when the case is not "
                               "visible to the caller.")
    source_system: str
    external_ref: str
    visible: bool = Field(description="false when the pair is known but its case is not "
                          "visible to the caller (e.g. escalated or made confidential beyond "
                          "its jurisdiction): the answer then only confirms the duplicate — "
                          "number and every other case field are null.")
    status: str | None = None
    alert_level: int | None = None
    handling_unit: str | None = None
    handling_unit_name: str | None = None
    source_channel: str | None = None
    received_at: datetime | None = None
    url: str | None = Field(None, description="The case in the API.")
    web_url: str | None = Field(None, description="The case in the web UI.")


class ExternalRefOut(Schema):
    source_system: str
    source_system_label: str
    external_ref: str
    received_at: datetime
    received_by: str | None
    extra: dict[str, Any] | None = Field(
        description="As sent by the source system; null for roles without access to "
        "personal data.")


class ExternalRefList(Schema):
    items: list[ExternalRefOut]
    count: int


def _intake_data(request, result: intake.IntakeResult, visible: bool) -> dict:
    case, ref = result.case, result.reference
    # A case the caller may not read gives away nothing, not even its number: the
    # answer only confirms that the pair is known (nothing was created).
    data = {"created": result.created, "number": None,
            "source_system": ref.source_system, "external_ref": ref.external_ref,
            "visible": visible}
    if visible:
        data.update(
            number=case.number,
            status=case.status, alert_level=case.alert_level,
            handling_unit=case.handling_unit.code, handling_unit_name=case.handling_unit.name,
            source_channel=case.source_channel,
            received_at=timezone.localtime(ref.received_at),
            url=request.build_absolute_uri(f"/api/v1/cases/{case.number}"),
            web_url=request.build_absolute_uri(reverse("case-detail", args=[case.number])),
        )
    return data


@router.post("/intake",
             response={200: IntakeOut, 201: IntakeOut, 400: ErrorOut, 401: ErrorOut,
                       403: ErrorOut, 422: ErrorOut},
             summary="Receive a report from another system")
def receive(request: HttpRequest, payload: IntakeIn, response: HttpResponse):
    """Creates a case (status `dilaporkan`, routed by location) for a report from another
    system, once per `source_system` + `external_ref`: the first time 201 with
    `"created": true`; the same pair again 200 with `"created": false` and the same case,
    nothing is created — if you may no longer see that case, `"visible": false` and no
    number or other detail. Every problem of the body is reported at once (422)."""
    user = request.auth
    result = intake.receive_report(actor=user, **payload.model_dump())
    if result.created:
        visible = True  # the caller's own new report, as created
    else:
        visible = Case.objects.restrict(user, "view").filter(pk=result.case.pk).exists()
    data = _intake_data(request, result, visible)
    if result.created:
        response["Location"] = data["url"]
        return Status(201, data)
    return Status(200, data)


@router.get("/cases/{number}/external-refs",
            response={200: ExternalRefList, 401: ErrorOut, 404: ErrorOut},
            summary="The case's references in other systems")
def external_refs(request: HttpRequest, number: str):
    """Which system reported the case, under which reference (from `POST /intake`)."""
    user = request.auth
    if "\x00" in number:
        raise Http404(_("No case with that number."))
    case = selectors.get_case(user, number)
    personal = access.sees_personal_data(user, case)
    refs = ExternalReference.objects.filter(case=case).select_related("received_by")
    items = [{
        "source_system": ref.source_system,
        "source_system_label": ref.get_source_system_display(),
        "external_ref": ref.external_ref,
        "received_at": timezone.localtime(ref.received_at),
        "received_by": ref.received_by.username if ref.received_by else None,
        "extra": ref.extra if personal else None,
    } for ref in refs]
    return {"items": items, "count": len(items)}
