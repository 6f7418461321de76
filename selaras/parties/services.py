"""Writes to the party registry and to the parties of a case.

Keyword-only arguments, one transaction each; every change to a case writes its
CaseEvent (kind ``party``) in that transaction through
``selaras.cases.services.record_event``. Bad input raises ``ValidationError``
with a field dict and writes nothing.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from selaras.cases import access as case_access
from selaras.cases.models import Case, EventKind, Religion, Status
from selaras.cases.services import record_event
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.org.jurisdiction import grants_for
from selaras.regions.models import Region, RegionLevel

from .cleaning import Errors, lock_case
from .models import NIK_RE, SIMAS_ID_RE, CaseParty, Party, PartyKind, PartyRole, normalise_name
from .selectors import possible_duplicates

MAX_NAME = 200
MAX_AFFILIATION = 200
MAX_ADDRESS = 300
MAX_NOTE = 500
MAX_REASON = 2000
# Cases on which the party list may no longer change (reopen first).
FROZEN_STATUSES = (Status.DITUTUP, Status.DITOLAK)


def clean_nik(value, errors: Errors, *, field: str = "nik") -> str | None:
    """16 digits whose birth-date part (digits 7–12, DDMMYY, women DD+40) is plausible."""
    nik = errors.text(value, field=field, max_length=40)
    if nik is None:
        return None
    nik = nik.replace(" ", "").replace(".", "")
    if not nik:
        return ""
    if not NIK_RE.match(nik):
        errors.add(field, _("A NIK has exactly 16 digits."))
        return None
    day, month = int(nik[6:8]), int(nik[8:10])
    if day > 40:
        day -= 40
    if not (1 <= day <= 31 and 1 <= month <= 12) or nik[:2] == "00":
        errors.add(field, _("This is not a valid NIK (check the digits)."))
        return None
    return nik


def clean_simas_id(value, errors: Errors, *, field: str = "simas_id") -> str | None:
    simas_id = errors.text(value, field=field, max_length=40)
    if simas_id is None:
        return None
    simas_id = simas_id.replace(" ", "")
    if simas_id and not SIMAS_ID_RE.match(simas_id):
        errors.add(field, _("A SIMAS id consists of digits, optionally separated by dots."))
        return None
    return simas_id


def clean_region(value, errors: Errors, *, field: str = "region") -> Region | None:
    if isinstance(value, Region):
        region = value
    else:
        code = str(value or "").strip().replace(".", "")
        if not code:
            errors.add(field, _("This field is required."))
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            errors.add(field, _("Unknown region code '%(code)s'.") % {"code": code})
            return None
    if region.level < RegionLevel.DISTRICT:
        errors.add(field, _("Choose at least the district (kecamatan)."))
        return None
    return region


def create_party(
    *,
    actor,
    kind: str,
    name: str,
    region,
    religion: str = "",
    affiliation: str = "",
    address: str = "",
    simas_id: str = "",
    nik: str = "",
) -> tuple[Party, list[Party]]:
    """Register a party; return it with the visible parties that may be the same one.

    The duplicate hint is advice, not a refusal: two different people can share
    a name in a district. The UI shows the hint and offers to use an existing one.
    """
    if not any(g.role in case_access.CREATE_ROLES for g in grants_for(actor)):
        raise PermissionDenied(_("You may not register parties."))
    errors = Errors()
    kind = errors.choice(kind, PartyKind, field="kind")
    name = errors.text(name, field="name", max_length=MAX_NAME, required=True)
    if name is not None and name and not normalise_name(name):
        errors.add("name", _("The name needs at least one letter or digit."))
    region = clean_region(region, errors)
    religion = errors.choice(religion, Religion, field="religion", required=False)
    affiliation = errors.text(affiliation, field="affiliation", max_length=MAX_AFFILIATION)
    address = errors.text(address, field="address", max_length=MAX_ADDRESS)
    simas_id = clean_simas_id(simas_id, errors)
    nik = clean_nik(nik, errors)
    if simas_id and kind and kind != PartyKind.RUMAH_IBADAH:
        errors.add("simas_id", _("Only a house of worship has a SIMAS id."))
    if nik and kind and kind != PartyKind.PERORANGAN:
        errors.add("nik", _("Only a person has a NIK."))
    errors.raise_if_any()

    with transaction.atomic():
        party = Party(
            kind=kind, name=name, religion=religion, affiliation=affiliation,
            address=address, simas_id=simas_id, nik=nik, created_by=actor,
        )
        party.region = region
        party.save()
    duplicates = possible_duplicates(actor, name=name, region=region, nik=nik, exclude=party)
    return party, duplicates


def _visible_party(actor, party) -> Party | None:
    pk = party.pk if isinstance(party, Party) else party
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Party.objects.restrict(actor, "view").filter(pk=pk).first()


def link_party_to_case(*, actor, case: Case, party, role: str, note: str = "") -> CaseParty:
    """Give a registered party a role in a case (the same party may hold several roles)."""
    if not case_access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change the parties of this case."))
    errors = Errors()
    role = errors.choice(role, PartyRole, field="role")
    note = errors.text(note, field="note", max_length=MAX_NOTE)
    party_obj = _visible_party(actor, party)
    if party_obj is None:
        errors.add("party", _("No such party in the registry that you can see."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))
    if CaseParty.objects.filter(case=case, party=party_obj, role=role).exists():
        raise ValidationError({"role": [_("This party already has this role in the case.")]})

    try:
        with transaction.atomic():
            lock_case(case)
            link = CaseParty.objects.create(
                case=case, party=party_obj, role=role, note=note, created_by=actor
            )
            record_event(
                case=case, actor=actor, kind=EventKind.PARTY, action="linked",
                data={"link_id": link.pk, "party_id": party_obj.pk, "party_kind": party_obj.kind,
                      "role": role},
            )
    except IntegrityError:
        # Someone linked the same party in the same role a moment ago.
        raise ValidationError(
            {"role": [_("This party already has this role in the case.")]}
        ) from None
    return link


def unlink_party_from_case(*, actor, case: Case, link, reason: str = "") -> None:
    """Remove a party's role from a case; the timeline keeps that it was there."""
    if not case_access.can(actor, "change", case):
        raise PermissionDenied(_("You may not change the parties of this case."))
    errors = Errors()
    reason = errors.text(reason, field="reason", max_length=MAX_REASON)
    pk = link.pk if isinstance(link, CaseParty) else link
    link_obj = CaseParty.objects.filter(pk=pk, case=case).first() if str(pk).isdigit() else None
    if link_obj is None:
        errors.add("link", _("This party is not linked to this case."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))

    with transaction.atomic():
        lock_case(case)
        data = {"link_id": link_obj.pk, "party_id": link_obj.party_id,
                "party_kind": link_obj.party.kind, "role": link_obj.role}
        link_obj.delete()
        record_event(case=case, actor=actor, kind=EventKind.PARTY, action="unlinked",
                     reason=reason, data=data)
