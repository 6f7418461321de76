"""The office tree generated from the regions (issue #2, item 3)."""

import pytest

from selaras.org.builder import build_units
from selaras.org.models import Unit, UnitLevel
from selaras.regions.models import Region, RegionLevel

TEST_PROVINCES = ["31", "32"]
LEVEL_FOR_REGION = {
    RegionLevel.PROVINCE: UnitLevel.PROVINSI,
    RegionLevel.REGENCY: UnitLevel.KABKOTA,
    RegionLevel.DISTRICT: UnitLevel.KECAMATAN,
}

pytestmark = pytest.mark.django_db


def test_one_office_per_province_regency_and_district():
    regions = Region.objects.filter(level__lte=RegionLevel.DISTRICT)
    units = Unit.objects.exclude(level=UnitLevel.PUSAT)
    assert sorted(units.values_list("code", flat=True)) == sorted(
        regions.values_list("code", flat=True))
    levels = dict(units.values_list("code", "level"))
    assert all(levels[code] == LEVEL_FOR_REGION[level]
               for code, level in regions.values_list("code", "level"))
    for level, name in [(UnitLevel.PROVINSI, "Kanwil"), (UnitLevel.KABKOTA, "Kankemenag"),
                        (UnitLevel.KECAMATAN, "KUA")]:
        assert all(n.startswith(name) for n in units.filter(level=level).values_list(
            "name", flat=True))


def test_each_office_covers_its_own_region():
    through = Unit.areas.through
    pairs = set(through.objects.values_list("unit__code", "region_id"))
    assert pairs == {(code, code) for code in Unit.objects.exclude(
        level=UnitLevel.PUSAT).values_list("code", flat=True)}


def test_pusat_is_the_only_root():
    roots = Unit.objects.filter(parent__isnull=True)
    assert [(u.code, u.level, u.path) for u in roots] == [("pusat", UnitLevel.PUSAT, "/pusat/")]
    assert not Unit.objects.get(code="pusat").areas.exists()


def test_parents_follow_the_regions_and_paths_are_consistent():
    units = {u.pk: u for u in Unit.objects.all()}
    region_parent = dict(Region.objects.values_list("code", "parent_id"))
    bad = []
    for unit in units.values():
        if unit.code == "pusat":
            continue
        parent = units[unit.parent_id]
        expected_parent = region_parent[unit.code] or "pusat"
        if parent.code != expected_parent or unit.path != f"{parent.path}{unit.code}/":
            bad.append((unit.code, parent.code, unit.path))
    assert bad == []
    assert Unit.objects.get(code="327301").path == "/pusat/32/3273/327301/"


def test_subtree_is_a_path_prefix():
    kota_bandung = Unit.objects.get(code="3273")
    subtree = set(Unit.objects.subtree_of(kota_bandung).values_list("code", flat=True))
    districts = set(Region.objects.filter(parent_id="3273").values_list("code", flat=True))
    assert subtree == {"3273"} | districts
    assert kota_bandung.is_ancestor_of(Unit.objects.get(code="327301"))
    assert not kota_bandung.is_ancestor_of(kota_bandung)
    assert [u.code for u in Unit.objects.get(code="327301").ancestors()] == [
        "3273", "32", "pusat"]


def test_build_is_idempotent():
    before = set(Unit.objects.values_list("code", "path", "parent_id"))
    areas = Unit.areas.through.objects.count()
    result = build_units(TEST_PROVINCES)
    assert result.created == 0
    assert result.existing == len(before)
    assert set(Unit.objects.values_list("code", "path", "parent_id")) == before
    assert Unit.areas.through.objects.count() == areas


def test_edited_name_and_areas_survive_a_rebuild():
    kua = Unit.objects.get(code="327302")
    kua.name = "KUA Coblong (gabungan)"
    kua.save()
    kua.areas.add(Region.objects.get(code="327303"))
    build_units(TEST_PROVINCES)
    kua.refresh_from_db()
    assert kua.name == "KUA Coblong (gabungan)"
    assert set(kua.areas.values_list("code", flat=True)) == {"327302", "327303"}


def test_rebuild_recreates_a_missing_office_in_place():
    kua = Unit.objects.get(code="327301")
    kua.areas.clear()
    kua.delete()
    result = build_units(TEST_PROVINCES)
    assert result.created == 1
    recreated = Unit.objects.get(code="327301")
    assert recreated.path == "/pusat/32/3273/327301/"
    assert list(recreated.areas.values_list("code", flat=True)) == ["327301"]
