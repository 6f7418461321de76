"""Confidential cases: only the handling unit, its ancestors and named members."""

import pytest

from selaras.cases.models import Case, CaseAccess

from .conftest import apply


def sees(user, case) -> bool:
    return Case.objects.restrict(user, "view").filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    "place, visible",
    [("own", True), ("kanwil", True), ("pusat", True),
     ("child", False), ("child2", False), ("sibling", False), ("other_province", False)],
)
@pytest.mark.parametrize("role", ["kepala", "analis", "pelapor"])
def test_who_sees_a_confidential_case(place, visible, role, make_case, make_user):
    case = make_case(confidential=True)
    assert case.handling_unit.code == "3273"
    assert sees(make_user(place, role), case) is visible


def test_child_kua_sees_it_again_once_it_handles_it(make_case, make_user):
    kua_kepala = make_user("child", "kepala")
    case = make_case(confidential=True)
    assert not sees(kua_kepala, case)
    apply(make_user("own", "kepala"), case, "delegate", target_unit="327301")
    assert sees(kua_kepala, case)


def test_unmarking_confidential_restores_area_visibility(make_case, make_user):
    from selaras.cases import services

    analis = make_user("child", "analis")
    case = make_case(confidential=True)
    assert not sees(analis, case)
    services.update_case(actor=make_user("own", "kepala"), case=case,
                         changes={"confidential": False}, reason="Tidak lagi rahasia")
    assert sees(analis, case)


@pytest.mark.parametrize("place", ["child", "sibling"])
def test_named_members_see_it(place, make_case, make_user, pusat_kepala):
    member = make_user(place, "penangan")
    case = make_case(confidential=True)
    assert not sees(member, case)
    CaseAccess.objects.create(case=case, user=member, granted_by=pusat_kepala)
    assert sees(member, case)
    # Being named lets one see, not act.
    from selaras.cases import access

    assert not access.can(member, "change", case)


def test_naming_does_not_help_a_role_that_sees_no_cases(make_case, make_user, pusat_kepala):
    admin = make_user("own", "admin")
    case = make_case(confidential=True)
    CaseAccess.objects.create(case=case, user=admin, granted_by=pusat_kepala)
    assert not sees(admin, case)


def test_a_named_member_sees_only_that_case(make_case, make_user, pusat_kepala):
    member = make_user("sibling", "analis")
    named = make_case(confidential=True)
    other = make_case(confidential=True)
    CaseAccess.objects.create(case=named, user=member, granted_by=pusat_kepala)
    visible = set(Case.objects.restrict(member, "view").values_list("pk", flat=True))
    assert named.pk in visible
    assert other.pk not in visible
