"""Duplicate candidates at intake: same or neighbouring district, same category, within the
window, similar text; ranked by score with reasons; never a case the user cannot see."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from selaras.cases.duplicates import find_duplicate_candidates, neighbour_districts
from selaras.regions.models import Region

SUKASARI_VILLAGE = "3273011001"  # Kec. Sukasari, Kota Bandung
COBLONG = "327302"  # Kec. Coblong, Kota Bandung (same regency)
CILEUNYI = "320405"  # Kec. Cileunyi, Kabupaten Bandung (another regency, ~18 km)
CIMENYAN = "320406"  # Kec. Cimenyan, Kabupaten Bandung (another regency, ~9 km)
JAKARTA_DISTRICT = "317101"
DRAFT = {
    "title": "Penolakan renovasi musala Al-Ikhlas",
    "chronology": "Warga RT 03 menolak renovasi musala Al-Ikhlas, mediasi belum berhasil.",
    "category": "rumah_ibadah",
    "location": SUKASARI_VILLAGE,
}


@pytest.fixture(autouse=True)
def _english():
    """Reasons are translated; assert on the English source strings."""
    with translation.override("en"):
        yield


@pytest.fixture
def draft():
    return {**DRAFT, "occurred_at": timezone.now() - timedelta(days=1)}


def numbers(candidates):
    return [c.number for c in candidates]


def test_same_district_same_category_similar_title_ranks_first(
    make_case, pusat_kepala, draft
):
    best = make_case(title="Penolakan renovasi musala Al Ikhlas di Sukasari")
    weaker = make_case(title="Keberatan warga atas musala", location=COBLONG + "1001")
    unrelated = make_case(title="Sengketa kepengurusan yayasan pendidikan",
                          chronology="Dua kubu berebut kepengurusan yayasan.")
    result = find_duplicate_candidates(pusat_kepala, **draft)
    assert result and result[0].number == best.number
    assert unrelated.number not in numbers(result)
    top = result[0]
    assert 0 < top.score <= 100
    assert any("title" in r.lower() for r in top.reasons)
    assert "Same village" in top.reasons
    if weaker.number in numbers(result):
        assert numbers(result).index(weaker.number) > 0


def test_other_category_is_excluded(make_case, pusat_kepala, draft):
    make_case(category="penodaan_agama")
    assert find_duplicate_candidates(pusat_kepala, **draft) == []


def test_outside_the_window_is_excluded(make_case, pusat_kepala, draft, settings):
    settings.DUPLICATE_WINDOW_DAYS = 30
    old = make_case(occurred_at=timezone.now() - timedelta(days=200),
                    reported_at=timezone.now() - timedelta(days=199))
    recent = make_case()
    found = numbers(find_duplicate_candidates(pusat_kepala, **draft))
    assert recent.number in found and old.number not in found


def test_far_away_district_is_excluded(make_case, pusat_kepala, draft):
    make_case(location=JAKARTA_DISTRICT)
    assert find_duplicate_candidates(pusat_kepala, **draft) == []


def test_neighbouring_district_of_the_same_regency_counts(make_case, pusat_kepala, draft):
    case = make_case(location=COBLONG)
    [candidate] = find_duplicate_candidates(pusat_kepala, **draft)
    assert candidate.number == case.number
    assert "Neighbouring district (same regency/city)" in candidate.reasons


def test_neighbour_across_a_regency_border_by_distance(db):
    sukasari = Region.objects.get(code="327301")
    near = neighbour_districts(sukasari, km=15)
    assert COBLONG in near  # same regency
    assert 8 < near[CIMENYAN] < 10  # Kabupaten Bandung, about 9 km away
    assert CILEUNYI not in near  # Kabupaten Bandung, about 18 km away
    assert JAKARTA_DISTRICT not in near


def test_candidate_across_the_border_says_how_far(make_case, pusat_kepala, draft):
    case = make_case(location=CIMENYAN)
    [candidate] = find_duplicate_candidates(pusat_kepala, **draft)
    assert candidate.number == case.number
    assert "Neighbouring district (about 9 km away)" in candidate.reasons


def test_invisible_cases_are_excluded(make_case, make_user, draft):
    make_case(location="3171011001", title=DRAFT["title"])  # Jakarta: not Bandung's
    bandung_reporter = make_user("own", "pelapor")
    jakarta_draft = {**draft, "location": "3171011001"}
    assert find_duplicate_candidates(bandung_reporter, **jakarta_draft) == []


def test_confidential_case_of_another_office_is_excluded(make_case, make_user, draft):
    make_case(confidential=True, alert_level=1)  # handled by KUA Sukasari
    sibling_kua_head = make_user("child2", "kepala")  # KUA Coblong cannot see it
    assert find_duplicate_candidates(sibling_kua_head, **draft) == []


def test_rejected_cases_are_not_candidates(make_case, pusat_kepala, draft):
    from selaras.cases import services

    case = make_case()
    services.perform_transition(actor=pusat_kepala, case=case, action="reject",
                                reason="bukan KSBK", reject_reason="bukan_ksbk")
    assert find_duplicate_candidates(pusat_kepala, **draft) == []


def test_nothing_without_text_or_district(make_case, pusat_kepala, draft):
    make_case()
    assert find_duplicate_candidates(pusat_kepala, **{**draft, "title": "",
                                                      "chronology": ""}) == []
    assert find_duplicate_candidates(pusat_kepala, **{**draft, "location": "3273"}) == []
