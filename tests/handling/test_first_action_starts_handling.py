import pytest
from django.utils import timezone

from selaras.cases.models import CaseEvent, Status
from selaras.core.errors import ActionNotAllowed, ValidationError
from selaras.handling import services
from selaras.handling.models import HandlingAction


def record(case, actor, **overrides):
    fields = {"type": "dialog", "date": timezone.localdate(), "place": "Balai RW 03",
              "outcome": "Warga bersedia bertemu pengurus musala.",
              "next_step": "Mediasi pekan depan", "officials": "Camat Sukasari\nKapolsek"}
    fields.update(overrides)
    return services.record_action(actor=actor, case=case, **fields)


def test_first_action_on_a_verified_case_starts_handling(verified_case, penangan, case_party):
    party = case_party(verified_case)
    action = record(verified_case, penangan, participants=[party.pk])
    verified_case.refresh_from_db()
    assert verified_case.status == Status.DITANGANI
    start, logged = CaseEvent.objects.filter(
        case=verified_case, kind__in=["transition", "handling_action"]).order_by("id")[1:]
    assert (start.kind, start.action, start.actor) == ("transition", "start", penangan)
    assert (start.from_status, start.to_status) == (Status.TERVERIFIKASI, Status.DITANGANI)
    assert logged.action == "recorded" and logged.data["started_handling"] is True
    assert logged.data["action_id"] == action.pk
    assert list(action.participant_parties.all()) == [party]


def test_later_actions_do_not_move_the_case(handled_case, penangan):
    record(handled_case, penangan)
    record(handled_case, penangan, type="mediasi")
    assert not CaseEvent.objects.filter(case=handled_case, action="start",
                                        actor=penangan).exists()
    assert CaseEvent.objects.filter(case=handled_case, kind="handling_action").count() == 2


def test_an_action_on_a_resolved_case_keeps_it_resolved(handled_case, kepala, resolve):
    case = resolve(handled_case, kepala)
    record(case, kepala, type="kunjungan_pemantauan")
    case.refresh_from_db()
    assert case.status == Status.SELESAI


def test_unverified_reports_get_no_handling_actions(make_case, penangan):
    case = make_case()
    with pytest.raises(ActionNotAllowed):
        record(case, penangan)
    assert not HandlingAction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"type": "doa_bersama"}, "type"), ({"outcome": ""}, "outcome"),
     ({"date": "kemarin"}, "date"), ({"date": None}, "date"),
     ({"date": timezone.localdate() + timezone.timedelta(days=1)}, "date"),
     ({"participants": [999999]}, "participants"), ({"place": "x" * 201}, "place")],
)
def test_bad_input_leaves_the_case_verified_and_writes_nothing(verified_case, penangan,
                                                               overrides, field):
    with pytest.raises(ValidationError) as exc:
        record(verified_case, penangan, **overrides)
    assert field in exc.value.message_dict
    verified_case.refresh_from_db()
    assert verified_case.status == Status.TERVERIFIKASI
    assert not HandlingAction.objects.exists()
    assert not CaseEvent.objects.filter(case=verified_case, action="start").exists()


def test_participants_must_be_parties_of_the_case(verified_case, make_case, penangan,
                                                  case_party):
    stranger = case_party(make_case(), name="Pihak Kasus Lain")
    with pytest.raises(ValidationError) as exc:
        record(verified_case, penangan, participants=[stranger])
    assert "participants" in exc.value.message_dict
