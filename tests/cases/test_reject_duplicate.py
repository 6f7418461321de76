"""Rejecting as a duplicate names a visible other case and shows on both timelines."""

import pytest

from selaras.cases import services
from selaras.cases.models import CaseEvent
from selaras.core.errors import ValidationError

from .conftest import snapshot


@pytest.mark.parametrize("reason", ["bukan_ksbk", "hoaks", "lainnya"])
def test_plain_reject_reasons(reason, make_case, make_user):
    kepala = make_user("own", "kepala")
    case = services.perform_transition(actor=kepala, case=make_case(), action="reject",
                                       reason="Bukan KSBK", reject_reason=reason)
    case.refresh_from_db()
    assert case.status == "ditolak"
    assert case.reject_reason == reason
    assert case.duplicate_of is None
    assert case.closed_at is not None


def test_unknown_reject_reason_is_refused(make_case, make_user):
    kepala = make_user("own", "kepala")
    case = make_case()
    before = snapshot(case)
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=kepala, case=case, action="reject",
                                    reason="x", reject_reason="spam")
    assert "reject_reason" in exc.value.message_dict
    assert snapshot(case) == before


def test_duplicate_is_linked_on_both_timelines(make_case, make_user):
    kepala = make_user("own", "kepala")
    original = make_case(title="Kasus asli")
    duplicate = make_case(title="Laporan ganda")
    events_on_original = original.events.count()

    services.perform_transition(actor=kepala, case=duplicate, action="reject",
                                reason="Sama dengan laporan sebelumnya",
                                reject_reason="duplikat", duplicate_of=original.number)

    duplicate.refresh_from_db()
    assert duplicate.status == "ditolak"
    assert duplicate.reject_reason == "duplikat"
    assert duplicate.duplicate_of == original
    own_event = duplicate.events.last()
    assert own_event.data["duplicate_of"] == original.number
    linked = CaseEvent.objects.filter(case=original).order_by("id")[events_on_original:]
    assert len(linked) == 1
    assert linked[0].data["duplicate"] == duplicate.number
    assert linked[0].actor == kepala


def test_duplicate_of_accepts_a_case_object(make_case, make_user):
    kepala = make_user("own", "kepala")
    original = make_case()
    case = services.perform_transition(actor=kepala, case=make_case(), action="reject",
                                       reason="Ganda", reject_reason="duplikat",
                                       duplicate_of=original)
    assert case.duplicate_of_id == original.pk


@pytest.mark.parametrize("which", ["missing", "itself", "unknown", "invisible"])
def test_duplicate_needs_a_visible_other_case(which, make_case, make_user):
    kepala = make_user("own", "kepala")
    case = make_case()
    invisible = make_case(location="3171011001")  # Jakarta: outside Kota Bandung
    duplicate_of = {
        "missing": "",
        "itself": case.number,
        "unknown": "KSBK-3273-1999-99999",
        "invisible": invisible.number,
    }[which]
    before, before_other = snapshot(case), snapshot(invisible)
    with pytest.raises(ValidationError) as exc:
        services.perform_transition(actor=kepala, case=case, action="reject",
                                    reason="Ganda", reject_reason="duplikat",
                                    duplicate_of=duplicate_of)
    assert "duplicate_of" in exc.value.message_dict
    assert snapshot(case) == before
    assert snapshot(invisible) == before_other
