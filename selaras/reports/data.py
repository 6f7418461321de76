"""Everything a report shows about one case, read once through the scoped selectors.

The case is fetched again with ``get_case(user, number)`` — the same scoped read
as the case page, so a report can never be made of a case the user cannot see
(Http404) — and every other row is read through the selectors of its app, each
limited to this one case. Personal data is masked here, before any template
sees it: without ``access.sees_personal_data(user, case)`` the reporter's name
and contact, the NIK and address of every person, and the name of a person who
is the reporter in the party list are replaced by ``access.mask`` (a NIK
by ``parties.access.mask_nik``, which hides every digit).
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from selaras.cases import access
from selaras.cases.selectors import case_events, get_case
from selaras.handling import selectors as handling
from selaras.parties.access import mask_nik
from selaras.parties.models import PartyKind, PartyRole
from selaras.parties.selectors import case_parties
from selaras.regions.models import Region, RegionLevel

# The reports print times as WIB (the ministry's headquarters time), whatever
# TIME_ZONE the server runs with.
REPORT_TIME_ZONE = ZoneInfo("Asia/Jakarta")


@dataclass
class PartyRow:
    party_id: int
    name: str
    kind: str
    role: str
    religion: str
    affiliation: str
    nik: str
    address: str
    region: str
    note: str


@dataclass
class RegionLine:
    level: str
    name: str
    code: str


@dataclass
class CaseReportData:
    case: object
    user: object
    personal: bool
    generated_at: datetime
    reporter_name: str
    reporter_contact: str
    regions: list[RegionLine]
    parties: list[PartyRow]
    party_labels: dict[int, str]
    impact: object
    actions: list
    agreements: list
    referrals: list
    events: list = field(default_factory=list)

    @property
    def location_text(self) -> str:
        """Province → village in one line, e.g. "Jawa Barat › Kota Bandung › Sukasari › …"."""
        return " › ".join(line.name for line in self.regions)

    def party_names(self, parties) -> list[str]:
        """Labels of parties (action participants, agreement parties) as this report shows them."""
        names = []
        for party in parties:
            label = self.party_labels.get(party.pk)
            if label is None:  # no longer linked to the case: mask a person to be safe
                hide = not self.personal and party.kind == PartyKind.PERORANGAN
                label = access.mask(party.name) if hide else party.name
            names.append(label)
        return names


def _mask(value: str, personal: bool) -> str:
    return value if personal else access.mask(value)


def region_lines(region) -> list[RegionLine]:
    """The location and its ancestors, province first, with their level names."""
    by_code = {r.code: r for r in Region.objects.filter(code__in=region.ancestor_codes())}
    lines = []
    for code in region.ancestor_codes():
        item = by_code.get(code)
        if item is not None:
            lines.append(RegionLine(level=str(RegionLevel(item.level).label), name=item.name,
                                    code=item.code))
    return lines


def collect(*, case, user, with_events: bool = True) -> CaseReportData:
    case = get_case(user, case.number)
    personal = access.sees_personal_data(user, case)

    links = list(case_parties(case))
    # The reporter's identity is protected whether it is typed on the case or
    # registered as a person in the reporter role — and then in every role that
    # person holds, or another row would give the name away.
    hidden = set() if personal else {
        link.party_id for link in links
        if link.role == PartyRole.PELAPOR and link.party.kind == PartyKind.PERORANGAN
    }
    rows: list[PartyRow] = []
    labels: dict[int, str] = {}
    for link in links:
        party = link.party
        is_person = party.kind == PartyKind.PERORANGAN
        name = access.mask(party.name) if party.pk in hidden else party.name
        labels[party.pk] = name
        rows.append(PartyRow(
            party_id=party.pk,
            name=name,
            kind=party.get_kind_display(),
            role=link.get_role_display(),
            religion=party.get_religion_display() if party.religion else "",
            affiliation=party.affiliation,
            nik=party.nik if personal else mask_nik(party.nik),
            address=_mask(party.address, personal) if is_person else party.address,
            region=party.region.name if party.region_id else "",
            note=link.note,
        ))

    return CaseReportData(
        case=case,
        user=user,
        personal=personal,
        generated_at=timezone.localtime(timezone.now(), REPORT_TIME_ZONE),
        reporter_name=_mask(case.reporter_name, personal),
        reporter_contact=_mask(case.reporter_contact, personal),
        regions=region_lines(case.location),
        parties=rows,
        party_labels=labels,
        impact=handling.case_impact(case),
        actions=list(handling.case_actions(case)),
        agreements=list(handling.case_agreements(case)),
        referrals=list(handling.case_referrals(case)),
        events=list(case_events(case)) if with_events else [],
    )
