"""API v1: a case's typed references to SIMAS, SIWAK, SIMKAH and EMIS records.

The case comes from ``visible_case`` (404 outside jurisdiction); writes go through
``services`` (id format checked there, one timeline event each).
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from selaras.cases.api_handling import (
    READ_ERRORS,
    WRITE_ERRORS,
    in_case,
    no_nul_in_query,
    visible_case,
)
from selaras.cases.schemas import StrictInput, Text, local

from . import selectors, services
from .formats import FORMATS
from .models import RegistryLink

router = Router(tags=["registry links"])


def _mark_required(schema: dict) -> None:
    schema["required"] = ["registry", "external_id"]


class RegistryLinkIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_mark_required)

    registry: Text = Field("", description="simas, siwak, simkah or emis.")
    external_id: Text = Field("", description="The record's id in that registry, e.g. "
                              + "; ".join(f"{key}: {f.example}" for key, f in FORMATS.items())
                              + ".")
    label: Text = Field("", description="What the record is, e.g. the mosque's name.")


class RegistryLinkOut(Schema):
    id: int
    registry: str
    external_id: str = Field(description="As stored: spaces removed, upper case.")
    label: str
    created_by: str | None
    created_at: datetime


class RegistryLinkList(Schema):
    items: list[RegistryLinkOut]
    count: int


def link_data(link: RegistryLink) -> dict:
    return {
        "id": link.pk,
        "registry": link.registry,
        "external_id": link.external_id,
        "label": link.label,
        "created_by": link.created_by.username if link.created_by_id else None,
        "created_at": local(link.created_at),
    }


def _links(case):
    return selectors.case_registry_links(case).select_related("created_by")


@router.get("/cases/{number}/registry-links", response={200: RegistryLinkList, **READ_ERRORS},
            summary="The case's registry links")
def list_links(request: HttpRequest, number: str):
    case = visible_case(request.auth, number)
    items = [link_data(link) for link in _links(case)]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/registry-links", response={201: RegistryLinkOut, **WRITE_ERRORS},
             summary="Link the case to a registry record")
def add_link(request: HttpRequest, number: str, payload: RegistryLinkIn):
    """Points the case at a mosque (SIMAS), waqf land (SIWAK), marriage (SIMKAH) or
    madrasah/pesantren (EMIS). The id's format is checked (422 with an example)."""
    user = request.auth
    case = visible_case(user, number)
    link = services.add_registry_link(actor=user, case=case, **payload.model_dump())
    return Status(201, link_data(_links(case).get(pk=link.pk)))


@router.delete("/cases/{number}/registry-links/{link_id}", response={204: None, **WRITE_ERRORS},
               summary="Remove a registry link")
def remove_link(request: HttpRequest, number: str, link_id: str, reason: str = ""):
    """`?reason=` (optional) goes on the timeline, which keeps what the link was."""
    no_nul_in_query(request)
    user = request.auth
    case = visible_case(user, number)
    link = in_case(RegistryLink.objects.all(), case, link_id,
                   _("This case has no such registry link."))
    services.remove_registry_link(actor=user, case=case, link=link, reason=reason)
    return Status(204, None)
