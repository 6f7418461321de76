import pytest

from selaras.cases.models import CaseEvent
from selaras.core.errors import PermissionDenied
from selaras.parties import services
from selaras.parties.models import CaseParty


@pytest.mark.parametrize(
    ("unit_key", "role"),
    [("sibling", "penangan"), ("sibling", "kepala"), ("own", "analis"), ("own", "pelapor"),
     ("own", "auditor"), ("child", "penangan")],
)
def test_only_handlers_of_the_handling_unit_or_above_may_link(make_case, make_party, make_user,
                                                              unit_key, role):
    case = make_case()  # handled by Kankemenag Kota Bandung ("own")
    party = make_party()
    user = make_user(unit_key, role)
    with pytest.raises(PermissionDenied):
        services.link_party_to_case(actor=user, case=case, party=party, role="teradu")
    assert not CaseParty.objects.exists()
    assert not CaseEvent.objects.filter(case=case, kind="party").exists()


def test_unlinking_is_refused_for_an_analyst(make_case, make_party, make_user, penangan):
    case = make_case()
    link = services.link_party_to_case(actor=penangan, case=case, party=make_party(),
                                       role="teradu")
    with pytest.raises(PermissionDenied):
        services.unlink_party_from_case(actor=make_user("own", "analis"), case=case, link=link)
    assert CaseParty.objects.filter(pk=link.pk).exists()


def test_a_handler_of_an_ancestor_unit_may_link(make_case, make_party, make_user):
    case = make_case()
    kanwil = make_user("kanwil", "penangan")
    link = services.link_party_to_case(actor=kanwil, case=case, party=make_party(),
                                       role="mediator")
    assert link.pk
