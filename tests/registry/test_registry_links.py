"""Registry links: who may add and remove them, events, duplicates, and reads."""

import pytest
from django.utils import translation

from selaras.cases import services as case_services
from selaras.cases.models import CaseEvent, EventKind
from selaras.core.errors import ActionNotAllowed, PermissionDenied, ValidationError
from selaras.registry import selectors, services
from selaras.registry.models import RegistryLink


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


def test_adding_and_removing_write_events(make_case, penangan):
    case = make_case()
    link = services.add_registry_link(actor=penangan, case=case, registry="simas",
                                      external_id="01.2.12.01.01.000123",
                                      label="Masjid Al-Ikhlas")
    added = CaseEvent.objects.filter(case=case).latest("id")
    assert (added.kind, added.action, added.actor) == (EventKind.REGISTRY_LINK, "added", penangan)
    assert added.data == {"link_id": link.pk, "registry": "simas",
                          "external_id": "01.2.12.01.01.000123", "label": "Masjid Al-Ikhlas"}

    services.remove_registry_link(actor=penangan, case=case, link=link.pk, reason="Salah id")
    removed = CaseEvent.objects.filter(case=case).latest("id")
    assert (removed.action, removed.reason) == ("removed", "Salah id")
    assert removed.data["external_id"] == "01.2.12.01.01.000123"
    assert not RegistryLink.objects.exists()


def test_same_record_twice_is_refused(make_case, penangan):
    case = make_case()
    services.add_registry_link(actor=penangan, case=case, registry="emis",
                               external_id="111232730001")
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_registry_link(actor=penangan, case=case, registry="emis",
                                   external_id="1112 3273 0001")
    assert "already" in exc.value.message_dict["external_id"][0]
    assert RegistryLink.objects.count() == 1
    assert CaseEvent.objects.count() == before


def test_same_id_in_another_registry_or_case_is_fine(make_case, penangan):
    first, second = make_case(), make_case()
    services.add_registry_link(actor=penangan, case=first, registry="emis",
                               external_id="12345678")
    services.add_registry_link(actor=penangan, case=second, registry="emis",
                               external_id="12345678")
    services.add_registry_link(actor=penangan, case=first, registry="simas",
                               external_id="12345678")
    assert RegistryLink.objects.count() == 3


@pytest.mark.parametrize(("place", "role"), [
    ("own", "pelapor"), ("own", "analis"), ("child", "kepala"), ("sibling", "kepala"),
    ("other_province", "kepala"),
])
def test_only_handlers_of_the_case_may_change_links(place, role, make_case, make_user,
                                                   penangan):
    case = make_case()
    link = services.add_registry_link(actor=penangan, case=case, registry="emis",
                                      external_id="12345678")
    user = make_user(place, role)
    before = CaseEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_registry_link(actor=user, case=case, registry="emis",
                                   external_id="87654321")
    with pytest.raises(PermissionDenied):
        services.remove_registry_link(actor=user, case=case, link=link)
    assert list(RegistryLink.objects.values_list("pk", flat=True)) == [link.pk]
    assert CaseEvent.objects.count() == before


def test_link_of_another_case_cannot_be_removed_through_this_one(make_case, penangan):
    case, other = make_case(), make_case()
    link = services.add_registry_link(actor=penangan, case=other, registry="emis",
                                      external_id="12345678")
    for bad in (link.pk, "abc", None, 999999):
        with pytest.raises(ValidationError) as exc:
            services.remove_registry_link(actor=penangan, case=case, link=bad)
        assert "link" in exc.value.message_dict
    assert RegistryLink.objects.filter(pk=link.pk).exists()


def test_rejected_case_takes_no_links(make_case, make_user, penangan):
    kepala = make_user("own", "kepala")
    case = case_services.perform_transition(actor=kepala, case=make_case(), action="reject",
                                            reason="Hoaks", reject_reason="hoaks")
    with pytest.raises(ActionNotAllowed):
        services.add_registry_link(actor=penangan, case=case, registry="emis",
                                   external_id="12345678")
    assert not RegistryLink.objects.exists()


def test_cases_for_a_record_are_only_the_visible_ones(make_case, make_user, pusat_kepala):
    bandung = make_case()
    jakarta = make_case(location="3171011001")
    for case in (bandung, jakarta):
        services.add_registry_link(actor=pusat_kepala, case=case, registry="simas",
                                   external_id="01.2.12.01.01.000123")
    local = make_user("own", "analis")
    assert list(selectors.cases_for_record(local, "simas", "ID 01.2.12.01.01.000123")) == [
        bandung]
    assert set(selectors.cases_for_record(pusat_kepala, "simas", "01.2.12.01.01.000123")) == {
        bandung, jakarta}
    assert not selectors.cases_for_record(local, "nope", "1").exists()
    assert [link.external_id for link in selectors.case_registry_links(bandung)] == [
        "01.2.12.01.01.000123"]
