"""API v1: the party registry and the parties of a case.

Reads start from ``Party.objects.restrict`` (``selectors``) and, for a case's
parties, from the case as fetched by ``get_case``; writes go through ``services``.
A party you cannot see does not exist for you (404), like a case.
"""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from selaras.audit.access_log import log_personal_data_view
from selaras.cases.api_handling import (
    READ_ERRORS,
    WRITE_ERRORS,
    in_case,
    no_nul_in_query,
    object_id,
    visible_case,
)
from selaras.cases.schemas import local
from selaras.core.api import ErrorOut, paginate
from selaras.core.errors import ValidationError

from . import access, selectors, services
from .models import CaseParty
from .schemas import (
    CaseMasking,
    CasePartyCreatedOut,
    CasePartyIn,
    CasePartyList,
    PartyCreatedOut,
    PartyDetailOut,
    PartyIn,
    PartyListQuery,
    PartyPage,
    case_party_data,
    party_data,
)

router = Router(tags=["parties"])

NO_SUCH_PARTY = "No such party."


@router.get("/parties", response={200: PartyPage, 401: ErrorOut, 422: ErrorOut},
            summary="List parties in the registry")
def list_parties(request: HttpRequest, filters: Query[PartyListQuery]):
    """Parties you can see: those linked to cases you can see, those in your offices' area,
    and those you registered. `q` searches the name."""
    no_nul_in_query(request)
    user = request.auth
    queryset = selectors.party_list(user, q=filters.q or "", kind=filters.kind or "",
                                    region=filters.region or "")
    page = paginate(request, queryset, page=filters.page, page_size=filters.page_size)
    personal = access.sees_personal_data(user)
    page["items"] = [party_data(party, personal=personal) for party in page["items"]]
    return page


@router.post("/parties", response={201: PartyCreatedOut, **WRITE_ERRORS},
             summary="Register a party")
def create_party(request: HttpRequest, payload: PartyIn):
    """Registers a person, group/ormas, institution or house of worship. Answers 201 with
    the party and `possible_duplicates` (same name in the same district, or the same NIK):
    check them, and link an existing party instead where it is the same actor."""
    user = request.auth
    party, duplicates = services.create_party(actor=user, **payload.model_dump())
    personal = access.sees_personal_data(user)
    return Status(201, {
        "party": party_data(party, personal=personal),
        "possible_duplicates": [party_data(p, personal=personal) for p in duplicates],
    })


@router.get("/parties/{party_id}", response={200: PartyDetailOut, **READ_ERRORS},
            summary="Get one party with its cases")
def get_party(request: HttpRequest, party_id: str):
    """The party and its roles in the cases you can see (other cases are not listed)."""
    user = request.auth
    party = selectors.get_party(user, object_id(party_id, _(NO_SUCH_PARTY)))
    log_personal_data_view(request, party=party, via="api_party")
    data = party_data(party, personal=access.sees_personal_data(user))
    data["cases"] = [
        {
            "number": case.number,
            "title": case.title,
            "status": case.status,
            "alert_level": case.alert_level,
            "reported_at": local(case.reported_at),
            "handling_unit": case.handling_unit.code,
            "roles": [link.role for link in case.party_roles],
        }
        for case in selectors.party_cases(user, party)
    ]
    return data


@router.get("/cases/{number}/parties", response={200: CasePartyList, **READ_ERRORS},
            summary="The parties of a case")
def list_case_parties(request: HttpRequest, number: str):
    user = request.auth
    case = visible_case(user, number)
    log_personal_data_view(request, case=case, via="api_case_parties")
    links = list(selectors.case_parties(case))
    masking = CaseMasking(user, case, links)
    items = [case_party_data(link, masking) for link in links]
    return {"items": items, "count": len(items)}


@router.post("/cases/{number}/parties", response={201: CasePartyCreatedOut, **WRITE_ERRORS},
             summary="Give a party a role in a case")
def link_party(request: HttpRequest, number: str, payload: CasePartyIn):
    """Links a registered party (`party`: its id) or registers and links a new one
    (`new_party`: the fields of POST /parties) in one step; nothing is registered when the
    link is refused. The same party may hold several roles in a case, each once."""
    user = request.auth
    case = visible_case(user, number)
    if (payload.party is None) == (payload.new_party is None):
        raise ValidationError({"party": [_(
            "Give either 'party' (the id of a registered party) or 'new_party' (to register "
            "one), not both.")]})
    duplicates = []
    with transaction.atomic():
        party = payload.party
        if payload.new_party is not None:
            try:
                party, duplicates = services.create_party(actor=user,
                                                          **payload.new_party.model_dump())
            except ValidationError as exc:
                raise _prefixed(exc, "new_party") from None
        link = services.link_party_to_case(actor=user, case=case, party=party,
                                           role=payload.role, note=payload.note)
    link = CaseParty.objects.select_related("party", "party__region").get(pk=link.pk)
    masking = CaseMasking(user, case)
    data = case_party_data(link, masking)
    data["possible_duplicates"] = [masking.party(p) for p in duplicates]
    return Status(201, data)


@router.delete("/cases/{number}/parties/{link_id}", response={204: None, **WRITE_ERRORS},
               summary="Remove a party's role from a case")
def unlink_party(request: HttpRequest, number: str, link_id: str, reason: str = ""):
    """Removes one link (the `id` from GET .../parties); `?reason=` (optional) goes on the
    timeline, which keeps that the party was there. The party stays in the registry."""
    no_nul_in_query(request)
    user = request.auth
    case = visible_case(user, number)
    link = in_case(CaseParty.objects.all(), case, link_id,
                   _("This party is not linked to this case."))
    services.unlink_party_from_case(actor=user, case=case, link=link, reason=reason)
    return Status(204, None)


def _prefixed(exc: ValidationError, prefix: str) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({f"{prefix}.{field}": messages
                            for field, messages in exc.message_dict.items()})
