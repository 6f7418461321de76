"""On intake the handling unit follows location and level: 1 → the district's KUA,
2 → the regency's Kankemenag, 3 → the province's Kanwil (DESIGN §2)."""

import pytest

from selaras.cases.models import Case, CaseEvent
from selaras.core.errors import ValidationError
from selaras.regions.models import Region

EXPECTED_UNIT = {1: "327301", 2: "3273", 3: "32"}


@pytest.mark.parametrize("location", ["3273011001", "327301"])
@pytest.mark.parametrize("level", [1, 2, 3])
def test_level_picks_the_office(level, location, make_case):
    case = make_case(alert_level=level, location=location)
    assert case.handling_unit.code == EXPECTED_UNIT[level]
    assert case.location_id == location
    assert (case.province_code, case.regency_code, case.district_code) == (
        "32", "3273", "327301")
    created = case.events.get()
    assert created.kind == "created"
    assert created.to_unit.code == EXPECTED_UNIT[level]
    assert created.to_status == "dilaporkan"


@pytest.mark.parametrize("location", ["3171011001", "3204052001"])
def test_routing_in_other_regencies(location, make_case):
    case = make_case(alert_level=1, location=location)
    assert case.handling_unit.code == location[:6]
    assert make_case(alert_level=2, location=location).handling_unit.code == location[:4]
    assert make_case(alert_level=3, location=location).handling_unit.code == location[:2]


@pytest.mark.parametrize("location", ["32", "3273"])
def test_province_or_regency_location_is_refused(location, make_case):
    counts = Case.objects.count(), CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_case(location=location)
    assert "location" in exc.value.message_dict
    assert (Case.objects.count(), CaseEvent.objects.count()) == counts


def test_dotted_codes_are_accepted(make_case):
    assert make_case(location="32.73.01.1001").location_id == "3273011001"


def test_a_kua_covering_several_districts_receives_their_cases(make_case, unit):
    # KUA Coblong takes over the area of KUA Sukasari (offices merged).
    coblong, sukasari = unit("327302"), unit("327301")
    district = Region.objects.get(code="327301")
    sukasari.areas.remove(district)
    coblong.areas.add(district)
    for location in ("3273011001", "327301", "327302"):
        assert make_case(alert_level=1, location=location).handling_unit == coblong


def test_a_merged_inactive_kua_is_replaced_by_the_one_covering_its_area(make_case, unit):
    coblong, sukasari = unit("327302"), unit("327301")
    coblong.areas.add(Region.objects.get(code="327301"))
    sukasari.is_active = False
    sukasari.save()
    assert make_case(alert_level=1).handling_unit == coblong


def test_two_active_kuas_on_one_district_prefer_the_home_office(make_case, unit):
    unit("327302").areas.add(Region.objects.get(code="327301"))
    for _ in range(3):
        assert make_case(alert_level=1).handling_unit.code == "327301"


def test_inactive_kua_falls_back_upward(make_case, unit):
    kua = unit("child")
    kua.is_active = False
    kua.save()
    assert make_case(alert_level=1).handling_unit.code == "3273"
    kankemenag = unit("own")
    kankemenag.is_active = False
    kankemenag.save()
    assert make_case(alert_level=1).handling_unit.code == "32"
    assert make_case(alert_level=2).handling_unit.code == "32"
    kanwil = unit("kanwil")
    kanwil.is_active = False
    kanwil.save()
    assert make_case(alert_level=3).handling_unit.code == "pusat"
