"""Who may see a party — the policy behind ``Party.objects.restrict(user, "view")``.

A party is personal data about people who are often in conflict with each
other, so the registry is not national-by-default. A user sees a party when

1. the party is linked to a case the user can see (``Case.objects.restrict(user,
   "view")`` — so the case rules, confidentiality included, carry over), or
2. the party's region lies in the area of one of the user's memberships with a
   case-viewing role (the same area a membership's case list covers; Pusat sees
   every party), or
3. the user registered the party (and still holds a case-viewing role).

Everything else does not exist for the user (404). Only ``view`` is defined:
parties have no edit service yet; linking a party to a case is governed by the
case's ``change`` permission.

Personal data of a party (NIK, address of a person) is shown unmasked only to
users holding a role that sees personal data on cases (pelapor, penangan,
kepala); analysts and auditors see it masked — ``sees_personal_data``.
"""

from django.db.models import Exists, OuterRef, Q

from selaras.cases.access import PERSONAL_DATA_ROLES, VIEW_ROLES
from selaras.org.jurisdiction import grants_for


class PartyAccessPolicy:
    def q_for(self, user, action: str) -> Q | None:
        if action != "view":
            raise ValueError(f"Unknown party action {action!r}")
        grants = [g for g in grants_for(user) if g.role in VIEW_ROLES]
        if not grants:
            return None
        if any(g.area_prefixes is None for g in grants):
            return Q()
        from selaras.cases.models import Case

        from .models import CaseParty

        in_area = Q(pk__in=[])
        for prefix in sorted({p for g in grants for p in g.area_prefixes or ()}):
            # A party's region is a district or a village; district_code holds its district.
            if len(prefix) <= 6:
                in_area |= Q(district_code__startswith=prefix)
            else:
                in_area |= Q(region_id=prefix)
        visible_cases = Case.objects.restrict(user, "view").values("pk")
        linked = Exists(
            CaseParty.objects.filter(party=OuterRef("pk"), case_id__in=visible_cases)
        )
        return in_area | Q(created_by=user) | Q(linked)


def sees_personal_data(user) -> bool:
    """Unmasked NIK and address of a person, for a party the user can already see."""
    return any(g.role in PERSONAL_DATA_ROLES for g in grants_for(user))


def mask_nik(nik: str) -> str:
    """Fully masked: even the region and birth-date parts of a NIK identify a person."""
    return "•" * len(nik) if nik else nik
