"""Reads of registry links, shared by the web UI and the API."""

from django.db.models import QuerySet

from selaras.cases.models import Case

from .formats import FORMATS
from .models import RegistryLink


def case_registry_links(case: Case) -> QuerySet:
    """The links of a case the caller already fetched through the case selectors."""
    return RegistryLink.objects.filter(case=case).order_by("registry", "external_id", "id")


def cases_for_record(user, registry: str, external_id: str) -> QuerySet:
    """The visible cases that point at one registry record (e.g. every case about a mosque)."""
    id_format = FORMATS.get(registry)
    if id_format is None:
        return Case.objects.none()
    value = id_format.normalise(str(external_id or ""))
    return (
        Case.objects.restrict(user, "view")
        .with_list_related()
        .filter(registry_links__registry=registry, registry_links__external_id=value)
        .distinct()
        .order_by("-reported_at", "-id")
    )
