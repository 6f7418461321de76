"""Who has jurisdiction at all: inactive users, users without memberships, a user
with several memberships, and the reporter's own intake area."""

import pytest

from selaras.cases import access, services
from selaras.cases.models import Case, CaseEvent, CaseNumberSequence
from selaras.core.errors import PermissionDenied
from selaras.org.models import Membership

from .conftest import apply

BANDUNG_VILLAGE = "3273011001"
KAB_BANDUNG_VILLAGE = "3204052001"
JAKARTA_VILLAGE = "3171011001"


def visible(user) -> set[int]:
    return set(Case.objects.restrict(user, "view").values_list("pk", flat=True))


def test_inactive_user_sees_and_does_nothing(make_case, make_user):
    user = make_user("pusat", "kepala", is_active=False)
    case = make_case()
    assert visible(user) == set()
    assert not any(access.can(user, action, case) for action in access.ACTION_ROLES)
    with pytest.raises(PermissionDenied):
        services.perform_transition(actor=user, case=case, action="verify")


def test_user_without_membership_sees_nothing(make_case, make_user):
    user = make_user(None)
    make_case()
    assert visible(user) == set()
    with pytest.raises(PermissionDenied):
        make_case(actor=user)


def test_anonymous_user_sees_nothing(make_case):
    from django.contrib.auth.models import AnonymousUser

    make_case()
    assert visible(AnonymousUser()) == set()


def test_membership_of_an_inactive_unit_gives_nothing(make_case, make_user, unit):
    user = make_user("own", "kepala")
    case = make_case()
    kankemenag = unit("own")
    kankemenag.is_active = False
    kankemenag.save()
    user = type(user).objects.get(pk=user.pk)  # grants are cached per instance
    assert case.pk not in visible(user)


def test_two_memberships_give_the_union(make_case, make_user, unit):
    user = make_user("sibling", "kepala")
    Membership.objects.create(user=user, unit=unit("other_province"), role="analis")
    bandung = make_case(location=BANDUNG_VILLAGE)
    kab_bandung = make_case(location=KAB_BANDUNG_VILLAGE)
    jakarta = make_case(location=JAKARTA_VILLAGE)
    user = type(user).objects.get(pk=user.pk)
    assert visible(user) >= {kab_bandung.pk, jakarta.pk}
    assert bandung.pk not in visible(user)
    # Acting follows each membership's own role.
    assert access.can(user, "verify", kab_bandung)
    assert not access.can(user, "verify", jakarta)
    apply(user, kab_bandung, "verify")
    with pytest.raises(PermissionDenied):
        apply(user, jakarta, "verify")


def test_handling_unit_sees_cases_it_handles_outside_its_area(make_case, make_user):
    case = make_case(location=KAB_BANDUNG_VILLAGE, alert_level=3)
    assert case.handling_unit.code == "32"
    apply(make_user("kanwil", "kepala"), case, "delegate", target_unit="3273")
    bandung_analis = make_user("own", "analis")
    assert case.pk in visible(bandung_analis)


def test_reporter_registers_only_in_own_area(make_case, make_user):
    pelapor = make_user("child", "pelapor")
    counts = Case.objects.count(), CaseEvent.objects.count(), CaseNumberSequence.objects.count()
    with pytest.raises(PermissionDenied):
        make_case(actor=pelapor, location=KAB_BANDUNG_VILLAGE)
    with pytest.raises(PermissionDenied):
        make_case(actor=pelapor, location="327302")  # the neighbouring KUA's district
    assert (Case.objects.count(), CaseEvent.objects.count(),
            CaseNumberSequence.objects.count()) == counts
    case = make_case(actor=pelapor, location=BANDUNG_VILLAGE, alert_level=2)
    assert case.created_by == pelapor
    assert case.pk in visible(pelapor)  # handled by 3273, but located in its area


@pytest.mark.parametrize("role", ["analis", "admin", "auditor"])
def test_roles_that_do_not_register_reports(role, make_case, make_user):
    with pytest.raises(PermissionDenied):
        make_case(actor=make_user("own", role))
