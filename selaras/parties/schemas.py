"""API v1 shapes of parties and of their roles in cases, and the functions that fill them.

Input schemas check JSON types only (unknown fields are refused); the services judge
the values, so the API and the web UI refuse the same things with the same messages.

Personal data of parties leaves masked for users without access to it (analysts,
auditors):

* in the registry (``/parties``), where no case says who is the reporter, a person's
  name, address and NIK are masked;
* in a case's party list, the rules of the case report apply (``reports.data``): NIK
  and a person's address are masked, and so is the name of a person who is the
  reporter of that case — in every role that person holds there, or another row would
  give the name away.
"""

from datetime import datetime

from ninja import Field, Schema
from pydantic import ConfigDict

from selaras.cases import access as case_access
from selaras.cases.api_handling import Id
from selaras.cases.schemas import StrictInput, Text, local
from selaras.core.api import cursor_query_field, next_cursor_field, page_number_field

from .access import mask_nik
from .models import CaseParty, Party, PartyKind, PartyRole

PARTY_REQUIRED = ("kind", "name", "region")


def _mark_party_required(schema: dict) -> None:
    schema["required"] = list(PARTY_REQUIRED)


# --------------------------------------------------------------------------- input


class PartyIn(StrictInput):
    """Required fields arrive as "" when missing, so that the service reports every
    problem of the body at once; the schema still documents them as required."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_mark_party_required)

    kind: Text = Field("", description="perorangan (person), kelompok (group / ormas), "
                                       "lembaga (institution) or rumah_ibadah (house of "
                                       "worship).")
    name: Text = Field("", description="Name, at most 200 characters.")
    region: Text = Field("", description="Region code of the district (6 digits) or village "
                                         "(10 digits).")
    religion: Text = Field("", description="islam, kristen, katolik, hindu, buddha, "
                                           "khonghucu, kepercayaan, lainnya (optional).")
    affiliation: Text = Field("", description="Denomination, stream or organisation, e.g. NU.")
    address: Text = ""
    simas_id: Text = Field("", description="SIMAS mosque id (houses of worship only), e.g. "
                                           "01.2.12.01.01.000123.")
    nik: Text = Field("", description="NIK, 16 digits (persons only).")


def _mark_link_required(schema: dict) -> None:
    schema["required"] = ["role"]


class CasePartyIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_mark_link_required)

    party: Id | None = Field(None, description="Id of a registered party you can see "
                                               "(GET /parties). Either this or new_party.")
    new_party: PartyIn | None = Field(
        None, description="A party to register and link in one step. Either this or party.")
    role: Text = Field("", description="pelapor, pengadu, teradu, korban, terduga_pelaku, "
                                       "mediator or pihak_terkait.")
    note: Text = Field("", description="About this party's role in the case (optional).")


class PartyListQuery(Schema):
    q: str | None = Field(None, description="Text in the name (accents and punctuation "
                                            "ignored).")
    kind: str | None = Field(None, description="perorangan, kelompok, lembaga, rumah_ibadah.")
    region: str | None = Field(None, description="Region code prefix (2, 4, 6 or 10 digits).")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)
    cursor: str | None = cursor_query_field()


# --------------------------------------------------------------------------- output


class PartyOut(Schema):
    id: int
    kind: str
    name: str = Field(description="A person's name is masked for roles without access to "
                                  "personal data (see the API guide).")
    religion: str
    affiliation: str
    region: str
    region_name: str
    address: str = Field(description="Masked for a person, for roles without access to "
                                     "personal data.")
    simas_id: str
    nik: str = Field(description="Fully masked for roles without access to personal data.")
    created_at: datetime


class PartyPage(Schema):
    items: list[PartyOut]
    count: int
    page: int | None = page_number_field()
    page_size: int
    next: str | None
    previous: str | None
    next_cursor: str | None = next_cursor_field()


class PartyCreatedOut(Schema):
    party: PartyOut
    possible_duplicates: list[PartyOut] = Field(
        description="Visible parties that may be the same actor (same name in the same "
                    "district, or the same NIK). Advice only: the party was registered.")


class PartyCaseOut(Schema):
    number: str
    title: str
    status: str
    alert_level: int
    reported_at: datetime
    handling_unit: str
    roles: list[str] = Field(description="This party's roles in the case.")


class PartyDetailOut(PartyOut):
    cases: list[PartyCaseOut] = Field(description="The party's cases that you can see.")


class PartyRefOut(Schema):
    id: int
    kind: str
    name: str


class CasePartyOut(Schema):
    id: int = Field(description="The id of this link (DELETE .../parties/{id} removes it).")
    role: str
    note: str
    party: PartyOut
    created_at: datetime


class CasePartyCreatedOut(CasePartyOut):
    possible_duplicates: list[PartyOut] = Field(
        description="For a new_party: visible parties that may be the same actor.")


class CasePartyList(Schema):
    items: list[CasePartyOut]
    count: int


# --------------------------------------------------------------------------- serialisers


def party_data(party: Party, *, personal: bool, hide_name: bool = False) -> dict:
    """``personal``: the caller sees personal data; ``hide_name``: mask the name anyway."""
    is_person = party.kind == PartyKind.PERORANGAN
    name = party.name
    if hide_name or (is_person and not personal):
        name = case_access.mask(name)
    return {
        "id": party.pk,
        "kind": party.kind,
        "name": name,
        "religion": party.religion,
        "affiliation": party.affiliation,
        "region": party.region_id,
        "region_name": party.region.name,
        "address": party.address if personal or not is_person
        else case_access.mask(party.address),
        "simas_id": party.simas_id,
        "nik": party.nik if personal else mask_nik(party.nik),
        "created_at": local(party.created_at),
    }


class CaseMasking:
    """How the parties of one case are shown to one user (see the module docstring)."""

    def __init__(self, user, case, links=None):
        self.personal = case_access.sees_personal_data(user, case)
        if self.personal:
            self.hidden: set[int] = set()
        elif links is not None:
            self.hidden = {link.party_id for link in links
                           if link.role == PartyRole.PELAPOR
                           and link.party.kind == PartyKind.PERORANGAN}
        else:
            self.hidden = set(
                CaseParty.objects.filter(case=case, role=PartyRole.PELAPOR,
                                         party__kind=PartyKind.PERORANGAN)
                .values_list("party_id", flat=True)
            )

    def name(self, party: Party) -> str:
        return case_access.mask(party.name) if party.pk in self.hidden else party.name

    def party(self, party: Party) -> dict:
        # In a case, a person's name is shown unless they are its (protected) reporter.
        data = party_data(party, personal=True, hide_name=party.pk in self.hidden)
        if not self.personal:
            data["nik"] = mask_nik(party.nik)
            if party.kind == PartyKind.PERORANGAN:
                data["address"] = case_access.mask(party.address)
        return data

    def ref(self, party: Party) -> dict:
        return {"id": party.pk, "kind": party.kind, "name": self.name(party)}


def case_party_data(link: CaseParty, masking: CaseMasking) -> dict:
    return {
        "id": link.pk,
        "role": link.role,
        "note": link.note,
        "party": masking.party(link.party),
        "created_at": local(link.created_at),
    }
