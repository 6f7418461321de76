"""Services write their CaseEvent in the same transaction as the change: if the
event cannot be written, the change is rolled back."""

import pytest

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent, CaseNumberSequence, Note


class EventStoreDown(Exception):
    pass


@pytest.fixture
def broken_events(monkeypatch):
    def fail(**kwargs):
        raise EventStoreDown("cannot write the event")

    def arm():
        monkeypatch.setattr(services, "record_event", fail)

    return arm


def state(case):
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.status, fresh.handling_unit_id, fresh.version, fresh.title, fresh.outcome,
            CaseEvent.objects.count(), Note.objects.count())


def test_create_case_rolls_back(make_case, broken_events):
    make_case()  # the sequence row exists; its counter must not move either
    before = (Case.objects.count(), CaseEvent.objects.count(),
              list(CaseNumberSequence.objects.values_list("last_value", flat=True)))
    broken_events()
    with pytest.raises(EventStoreDown):
        make_case()
    assert (Case.objects.count(), CaseEvent.objects.count(),
            list(CaseNumberSequence.objects.values_list("last_value", flat=True))) == before


@pytest.mark.parametrize("action, kwargs", [
    ("verify", {}),
    ("reject", {"reason": "Hoaks", "reject_reason": "hoaks"}),
    ("escalate", {"reason": "Meluas"}),
    ("delegate", {"reason": "Lokal", "target_unit": "327301"}),
])
def test_transition_rolls_back(action, kwargs, make_case, make_user, broken_events):
    case = make_case()
    kepala = make_user("own", "kepala")
    before = state(case)
    broken_events()
    with pytest.raises(EventStoreDown):
        services.perform_transition(actor=kepala, case=case, action=action, **kwargs)
    assert state(case) == before


def test_duplicate_link_on_the_original_rolls_back_the_reject(make_case, make_user,
                                                              monkeypatch):
    original, case = make_case(), make_case()
    kepala = make_user("own", "kepala")
    before = state(case)
    real = services.record_event

    def fail_on_original(**kwargs):
        if kwargs["case"].pk == original.pk:
            raise EventStoreDown("cannot write the linked event")
        return real(**kwargs)

    monkeypatch.setattr(services, "record_event", fail_on_original)
    with pytest.raises(EventStoreDown):
        services.perform_transition(actor=kepala, case=case, action="reject", reason="Ganda",
                                    reject_reason="duplikat", duplicate_of=original.number)
    assert state(case) == before


def test_update_case_rolls_back(make_case, make_user, broken_events):
    case = make_case()
    before = state(case)
    broken_events()
    with pytest.raises(EventStoreDown):
        services.update_case(actor=make_user("own", "kepala"), case=case,
                             changes={"title": "Judul baru"})
    assert state(case) == before


def test_add_note_rolls_back(make_case, make_user, broken_events):
    case = make_case()
    before = state(case)
    broken_events()
    with pytest.raises(EventStoreDown):
        services.add_note(actor=make_user("own", "penangan"), case=case, body="Catatan")
    assert state(case) == before
