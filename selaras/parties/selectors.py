"""Reads of the party registry, shared by the web UI and the API.

Every query for parties starts from ``Party.objects.restrict(user, "view")``
(rule in ``access.py``); every query for cases from ``Case.objects.restrict``.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from selaras.cases.models import Case
from selaras.core.crypto import keyed_hash, normalise

from . import access as party_access
from .models import CaseParty, Party, normalise_name

MAX_DUPLICATE_HINTS = 10


def party_list(user, *, q: str = "", kind: str = "", region: str = "") -> QuerySet:
    """Visible parties, optionally searched by name and narrowed by kind and region prefix."""
    queryset = Party.objects.restrict(user, "view").select_related("region")
    if q:
        by_name = Q(name_normalised__contains=normalise_name(q[:100]))
        digits = normalise(q[:100], "digits")
        if len(digits) == 16 and digits == q.replace(" ", "").replace(".", "") \
                and party_access.sees_personal_data(user):
            # A NIK: exact match on its keyed hash (the NIK itself is encrypted at rest).
            # Only for roles that see NIKs, so masking cannot be bypassed by guessing.
            by_name |= Q(nik_hash=keyed_hash(digits, "digits"))
        queryset = queryset.filter(by_name)
    if kind:
        queryset = queryset.filter(kind=kind)
    region = (region or "").replace(".", "")
    if len(region) > 6:
        queryset = queryset.filter(region_id=region)
    elif region:
        queryset = queryset.filter(district_code__startswith=region)
    return queryset.order_by("name_normalised", "id")


def get_party(user, pk) -> Party:
    """A visible party, or Http404 — outside what one may see a party does not exist."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("No such party.")) from None
    party = (
        Party.objects.restrict(user, "view")
        .select_related("region", "region__parent", "created_by")
        .filter(pk=pk)
        .first()
    )
    if party is None:
        raise Http404(_("No such party."))
    return party


def party_cases(user, party: Party) -> QuerySet:
    """The cases of a party that this user may see, newest first.

    Each case carries ``party_roles``: this party's links (roles) in that case.
    """
    return (
        Case.objects.restrict(user, "view")
        .with_list_related()
        .filter(pk__in=CaseParty.objects.filter(party=party).values("case_id"))
        .prefetch_related(
            Prefetch(
                "party_links",
                queryset=CaseParty.objects.filter(party=party).order_by("role"),
                to_attr="party_roles",
            )
        )
        .order_by("-reported_at", "-id")
    )


def case_parties(case: Case) -> QuerySet:
    """The parties of a case the caller has already fetched through the case selectors."""
    return (
        CaseParty.objects.filter(case=case)
        .select_related("party", "party__region")
        .order_by("role", "party__name_normalised", "id")
    )


def possible_duplicates(user, *, name: str, region, nik: str = "", exclude=None) -> list[Party]:
    """Visible parties that may be the same actor: same folded name in the same district,
    or the same NIK. Usable before saving (to warn) and after (``create_party`` does)."""
    key = normalise_name(name or "")
    region_code = getattr(region, "code", region) or ""
    district = str(region_code).replace(".", "")[:6]
    match = Q(pk__in=[])
    if key and len(district) == 6:
        match |= Q(name_normalised=key, district_code=district)
    if nik_hash := keyed_hash(nik or "", "digits"):
        # The NIK is encrypted at rest: match its keyed hash (selaras.core.crypto).
        match |= Q(nik_hash=nik_hash)
    queryset = Party.objects.restrict(user, "view").filter(match).select_related("region")
    if exclude is not None:
        queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
    return list(queryset.order_by("-created_at", "-id")[:MAX_DUPLICATE_HINTS])
