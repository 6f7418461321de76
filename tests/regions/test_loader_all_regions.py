"""Loading all of Indonesia: 38 provinces, 514 regencies, 7,285 districts,
83,762 villages, in under 60 s (issue #2, item 2)."""

import time

import pytest

from selaras.regions.loader import load_regions
from selaras.regions.models import Region, RegionLevel


@pytest.mark.slow
@pytest.mark.django_db
def test_all_regions_load_in_under_a_minute():
    started = time.monotonic()
    result = load_regions()
    elapsed = time.monotonic() - started
    counts = {
        level: Region.objects.filter(level=level).count() for level in RegionLevel.values
    }
    assert counts == {
        RegionLevel.PROVINCE: 38,
        RegionLevel.REGENCY: 514,
        RegionLevel.DISTRICT: 7285,
        RegionLevel.VILLAGE: 83762,
    }
    assert (result.provinces, result.regencies, result.districts, result.villages) == (
        38, 514, 7285, 83762)
    assert elapsed < 60, f"loading all regions took {elapsed:.1f} s"
