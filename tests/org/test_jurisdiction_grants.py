"""Memberships turned into grants: the areas each membership sees."""

import pytest

from selaras.org.jurisdiction import grants_for, minimal_prefixes, units_where
from selaras.regions.models import Region


def test_minimal_prefixes_drop_covered_codes():
    assert minimal_prefixes({"32", "3273", "327301", "31"}) == ("31", "32")
    assert minimal_prefixes({"327301", "327302"}) == ("327301", "327302")
    assert minimal_prefixes(set()) == ()


@pytest.mark.parametrize("place, prefixes", [
    ("pusat", None), ("kanwil", ("32",)), ("own", ("3273",)), ("child", ("327301",)),
])
def test_grant_area_follows_the_unit(place, prefixes, make_user):
    (grant,) = grants_for(make_user(place, "analis"))
    assert grant.area_prefixes == prefixes
    assert grant.role == "analis"


def test_a_kua_covering_two_districts_sees_both(make_user, unit):
    unit("child2").areas.add(Region.objects.get(code="327301"))
    (grant,) = grants_for(make_user("child2", "kepala"))
    assert grant.area_prefixes == ("327301", "327302")


def test_inactive_user_has_no_grants(make_user):
    assert grants_for(make_user("pusat", "kepala", is_active=False)) == []


def test_units_where_lists_units_by_role(make_user, unit):
    from selaras.org.models import Membership

    user = make_user("own", "kepala")
    Membership.objects.create(user=user, unit=unit("child"), role="analis")
    user = type(user).objects.get(pk=user.pk)
    assert [u.code for u in units_where(user, {"kepala"})] == ["3273"]
    assert [u.code for u in units_where(user, {"kepala", "analis"})] == ["3273", "327301"]
