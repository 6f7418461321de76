import pytest

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent
from selaras.core.errors import ActionNotAllowed, ValidationError
from selaras.parties import services
from selaras.parties.models import CaseParty


def party_events(case):
    return list(CaseEvent.objects.filter(case=case, kind="party").order_by("id"))


def test_linking_a_party_writes_a_party_event(make_case, make_party, penangan):
    case = make_case()
    party = make_party()
    version = case.version
    link = services.link_party_to_case(actor=penangan, case=case, party=party, role="teradu",
                                       note="Ketua forum")
    assert link.role == "teradu" and link.note == "Ketua forum"
    [event] = party_events(case)
    assert event.action == "linked" and event.actor == penangan
    assert event.data == {"link_id": link.pk, "party_id": party.pk, "party_kind": "kelompok",
                          "role": "teradu"}
    case.refresh_from_db()
    assert case.version == version + 1


def test_one_party_may_hold_several_roles_but_each_role_once(make_case, make_party, penangan):
    case = make_case()
    party = make_party()
    services.link_party_to_case(actor=penangan, case=case, party=party, role="pengadu")
    services.link_party_to_case(actor=penangan, case=case, party=party, role="korban")
    with pytest.raises(ValidationError) as exc:
        services.link_party_to_case(actor=penangan, case=case, party=party, role="korban")
    assert "role" in exc.value.message_dict
    assert CaseParty.objects.filter(case=case).count() == 2
    assert len(party_events(case)) == 2


def test_one_party_links_to_many_cases(make_case, make_party, penangan):
    party = make_party()
    for _ in range(2):
        services.link_party_to_case(actor=penangan, case=make_case(), party=party, role="teradu")
    assert party.case_links.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"role": "saksi"}, "role"), ({"role": ""}, "role"), ({"party": 999999}, "party"),
     ({"party": "abc"}, "party"), ({"note": "x" * 501}, "note")],
)
def test_bad_link_input_is_refused_and_nothing_is_written(make_case, make_party, penangan,
                                                          kwargs, field):
    case = make_case()
    fields = {"party": make_party(), "role": "teradu"}
    fields.update(kwargs)
    with pytest.raises(ValidationError) as exc:
        services.link_party_to_case(actor=penangan, case=case, **fields)
    assert field in exc.value.message_dict
    assert not CaseParty.objects.exists() and party_events(case) == []


def test_a_party_the_actor_cannot_see_cannot_be_linked(make_case, make_party, make_user):
    jakarta = make_user("other_province", "penangan")
    hidden = make_party(actor=jakarta, name="Forum Jakarta", region="317101")
    case = make_case()
    kanwil_jabar = make_user("kanwil", "kepala")
    with pytest.raises(ValidationError) as exc:
        services.link_party_to_case(actor=kanwil_jabar, case=case, party=hidden, role="teradu")
    assert "party" in exc.value.message_dict


def test_unlinking_writes_an_event_with_the_reason(make_case, make_party, penangan):
    case = make_case()
    link = services.link_party_to_case(actor=penangan, case=case, party=make_party(),
                                       role="teradu")
    services.unlink_party_from_case(actor=penangan, case=case, link=link,
                                    reason="Salah orang")
    assert not CaseParty.objects.exists()
    linked, unlinked = party_events(case)
    assert unlinked.action == "unlinked" and unlinked.reason == "Salah orang"
    assert unlinked.data["role"] == "teradu"


def test_a_link_of_another_case_cannot_be_unlinked_here(make_case, make_party, penangan):
    case, other = make_case(), make_case()
    link = services.link_party_to_case(actor=penangan, case=other, party=make_party(),
                                       role="teradu")
    with pytest.raises(ValidationError):
        services.unlink_party_from_case(actor=penangan, case=case, link=link)
    assert CaseParty.objects.filter(pk=link.pk).exists()


def test_parties_of_a_closed_case_are_frozen(make_case, make_party, make_user, penangan):
    kepala = make_user("own", "kepala")
    case = make_case()
    for action, extra in [("verify", {}), ("start", {}),
                          ("resolve", {"outcome": "mereda", "reason": "Reda"}),
                          ("close", {"reason": "Selesai"})]:
        case = case_services.perform_transition(actor=kepala, case=case, action=action, **extra)
    with pytest.raises(ActionNotAllowed):
        services.link_party_to_case(actor=penangan, case=case, party=make_party(),
                                    role="teradu")
    assert not CaseParty.objects.exists()
