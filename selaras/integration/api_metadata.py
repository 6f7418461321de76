"""API v1: the data dictionary (``GET /metadata``), see ``metadata.py``."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from selaras.core.api import ErrorOut
from selaras.core.errors import NotFound

from . import metadata

router = Router(tags=["metadata"])


class MetadataOut(Schema):
    api_version: str
    openapi: str = Field(description="The OpenAPI schema the dictionary is generated from.")
    resources: dict[str, Any] = Field(
        description="Per resource: its schema, input schemas, Indonesian meaning, fields "
        "(name, type, format, nullable, required, writable, meaning, vocabulary, reference) "
        "and list filters.")
    vocabularies: dict[str, Any] = Field(
        description="Code lists of the enumerated fields: code, label_id, label_en.")
    standards: dict[str, Any] = Field(
        description="Region codes, dates and the Satu Data Indonesia principles.")


@router.get("/metadata", response={200: MetadataOut, 401: ErrorOut, 404: ErrorOut},
            summary="Data dictionary: every field of every resource")
def data_dictionary(request: HttpRequest, resource: str | None = None):
    """Every field of every API resource with its type, Indonesian meaning and code list,
    generated from this API's OpenAPI schema, plus the standards the data follows.
    `?resource=cases` limits it to one resource; an unknown resource is 404."""
    name = (resource or "").strip()
    if not name:
        return metadata.dictionary()
    try:
        return metadata.dictionary(name)
    except KeyError:
        raise NotFound(_("Unknown resource '%(name)s'. Known resources: %(known)s.") % {
            "name": name[:60], "known": ", ".join(metadata.resource_names())}) from None
