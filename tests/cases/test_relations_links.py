"""Related cases: an undirected link, listed from both sides, on both timelines; never to
itself, never twice, only between cases the actor can see."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from selaras.cases import relations
from selaras.cases.models import CaseEvent, CaseRelation, EventKind
from selaras.core.errors import PermissionDenied, ValidationError


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


def _last(case):
    return CaseEvent.objects.filter(case=case).latest("id")


def test_link_is_listed_from_both_sides_and_on_both_timelines(make_case, penangan):
    first, second = make_case(title="Kasus pertama"), make_case(title="Kasus kedua")
    relation = relations.link_related(actor=penangan, case=second, other=first.number,
                                      reason="Pihak yang sama")
    assert (relation.from_case, relation.to_case) == (first, second)  # stored once, ordered
    assert list(relations.related_cases(penangan, first)) == [second]
    assert list(relations.related_cases(penangan, second)) == [first]
    for this, that in ((first, second), (second, first)):
        event = _last(this)
        assert (event.kind, event.action, event.actor) == (EventKind.RELATION, "linked", penangan)
        assert event.data == {"relation_id": relation.pk, "other_case": that.number}
        assert event.reason == "Pihak yang sama"


def test_no_link_to_itself(make_case, penangan):
    case = make_case()
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        relations.link_related(actor=penangan, case=case, other=case)
    assert "itself" in exc.value.message_dict["other"][0]
    assert CaseEvent.objects.count() == before


def test_no_duplicate_link_in_either_direction(make_case, penangan):
    first, second = make_case(), make_case()
    relations.link_related(actor=penangan, case=first, other=second)
    before = CaseEvent.objects.count()
    for case, other in ((first, second), (second, first)):
        with pytest.raises(ValidationError) as exc:
            relations.link_related(actor=penangan, case=case, other=other)
        assert "already" in exc.value.message_dict["other"][0]
    assert CaseRelation.objects.count() == 1
    assert CaseEvent.objects.count() == before


def test_database_refuses_self_links_and_reverse_duplicates(make_case):
    first, second = make_case(), make_case()
    low, high = sorted((first, second), key=lambda c: c.pk)
    CaseRelation.objects.create(from_case=low, to_case=high)
    for from_case, to_case in ((low, low), (high, low), (low, high)):
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseRelation.objects.create(from_case=from_case, to_case=to_case)


def test_invisible_case_is_the_same_as_an_unknown_one(make_case, penangan):
    case = make_case()
    jakarta = make_case(location="3171011001")
    messages = []
    for other in (jakarta.number, "KSBK-3273-1999-99999"):
        with pytest.raises(ValidationError) as exc:
            relations.link_related(actor=penangan, case=case, other=other)
        messages.append(exc.value.message_dict["other"][0].replace(str(other), "N"))
    assert messages[0] == messages[1]
    assert not CaseRelation.objects.exists()


@pytest.mark.parametrize(("place", "role"), [("own", "pelapor"), ("own", "analis"),
                                             ("child", "kepala")])
def test_only_who_may_change_the_case_links_it(place, role, make_case, make_user):
    first, second = make_case(), make_case()
    with pytest.raises(PermissionDenied):
        relations.link_related(actor=make_user(place, role), case=first, other=second)
    assert not CaseRelation.objects.exists()


def test_other_case_only_needs_to_be_visible(make_case, make_user):
    """A KUA head links their case with one handled by the Kankemenag above them."""
    kua_kepala = make_user("child", "kepala")
    own = make_case(alert_level=1)  # handled by KUA 327301
    above = make_case(alert_level=2)  # handled by Kankemenag 3273, located in the KUA's area
    assert own.handling_unit.code == "327301"
    relations.link_related(actor=kua_kepala, case=own, other=above)
    assert list(relations.related_cases(kua_kepala, own)) == [above]


def test_listing_hides_related_cases_the_user_cannot_see(make_case, pusat_kepala, make_user):
    bandung = make_case()
    jakarta = make_case(location="3171011001")
    relations.link_related(actor=pusat_kepala, case=bandung, other=jakarta)
    local = make_user("own", "analis")
    assert list(relations.related_cases(local, bandung)) == []
    assert list(relations.related_cases(pusat_kepala, bandung)) == [jakarta]


def test_unlink_removes_the_link_and_says_so_on_both_timelines(make_case, penangan):
    first, second = make_case(), make_case()
    relations.link_related(actor=penangan, case=first, other=second)
    relations.unlink_related(actor=penangan, case=second, other=first, reason="Keliru")
    assert not CaseRelation.objects.exists()
    for this, that in ((first, second), (second, first)):
        event = _last(this)
        assert (event.action, event.reason, event.data["other_case"]) == (
            "unlinked", "Keliru", that.number)
    with pytest.raises(ValidationError) as exc:
        relations.unlink_related(actor=penangan, case=first, other=second)
    assert "not linked" in exc.value.message_dict["other"][0]
