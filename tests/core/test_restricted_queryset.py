"""The single read path: ``restrict`` needs a policy and maps None/Q() correctly."""

import pytest
from django.db.models import Q

from selaras.cases.models import Case
from selaras.regions.models import Region


def test_models_without_a_policy_refuse_restrict():
    from selaras.core.querysets import RestrictedQuerySet

    with pytest.raises(TypeError):
        RestrictedQuerySet(model=Region).restrict(None)


def test_unknown_action_is_an_error(make_user):
    with pytest.raises(ValueError):
        Case.objects.restrict(make_user("own", "kepala"), "destroy")


@pytest.mark.django_db
def test_none_means_nothing_and_empty_q_means_everything(make_case, make_user, pusat_kepala):
    case = make_case()
    assert Case.access_policy.q_for(make_user("own", "admin"), "view") is None
    assert Case.access_policy.q_for(pusat_kepala, "view") == Q()
    assert list(Case.objects.restrict(pusat_kepala)) == [case]
