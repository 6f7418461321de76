"""The one table from timeline entries to webhook event types, end to end."""

import json

from selaras.cases import services as case_services
from selaras.cases.models import EventKind
from selaras.cases.workflow import TRANSITIONS
from selaras.webhooks.events import EVENT_TYPES, RULES, event_types_for
from selaras.webhooks.models import Delivery, WebhookEvent

ALL = list(EVENT_TYPES)


def test_every_rule_names_a_real_kind_action_and_type():
    for rule in RULES:
        assert rule.kind in EventKind.values
        assert rule.type in EVENT_TYPES
        if rule.kind == "transition":
            assert rule.action in TRANSITIONS


def test_status_changed_comes_from_every_transition_that_changes_the_status():
    for action, transition in TRANSITIONS.items():
        source = sorted(transition.sources)[0]
        target = transition.target or source
        types = event_types_for(kind="transition", action=action, from_status=source,
                                to_status=target)
        assert ("case.status_changed" in types) == (source != target), action


def test_registering_is_created_only():
    assert event_types_for(kind="created", to_status="dilaporkan") == ["case.created"]


def test_unmapped_kinds_give_nothing():
    assert event_types_for(kind="party", action="linked") == []


def test_verifying_sends_case_verified_and_status_changed(make_case, pusat_kepala, subscribe,
                                                          sender, committed):
    subscription = subscribe(pusat_kepala, events=ALL)
    case = make_case()
    sender.calls.clear()
    with committed():
        case_services.perform_transition(actor=pusat_kepala, case=case, action="verify")
    assert sender.types() == ["case.verified", "case.status_changed"]
    bodies = [json.loads(c["body"]) for c in sender.calls]
    assert {b["data"]["change"]["action"] for b in bodies} == {"verify"}
    assert bodies[1]["data"]["change"]["from_status"] == "dilaporkan"
    assert bodies[1]["data"]["change"]["to_status"] == "terverifikasi"
    assert bodies[0]["data"]["case"]["status"] == "terverifikasi"
    assert Delivery.objects.filter(subscription=subscription, status="succeeded").count() == 2


def test_only_the_chosen_types_are_sent(make_case, pusat_kepala, subscribe, sender, committed):
    subscribe(pusat_kepala, events=["case.closed", "case.created"])
    with committed():
        case = make_case()
    with committed():
        case_services.perform_transition(actor=pusat_kepala, case=case, action="verify")
        case_services.perform_transition(actor=pusat_kepala, case=case, action="start")
    assert sender.types() == ["case.created"]


def test_escalation_is_escalated_without_status_change(make_case, pusat_kepala, subscribe,
                                                       sender, committed):
    subscribe(pusat_kepala, events=ALL)
    case = make_case()
    sender.calls.clear()
    with committed():
        case_services.perform_transition(actor=pusat_kepala, case=case, action="escalate",
                                         reason="Meluas ke kecamatan lain")
    assert sender.types() == ["case.escalated"]
    change = json.loads(sender.calls[0]["body"])["data"]["change"]
    assert (change["from_unit"], change["to_unit"]) == ("3273", "32")


def test_the_whole_journey(make_case, pusat_kepala, subscribe, sender, committed):
    subscribe(pusat_kepala, events=ALL)
    with committed():
        case = make_case()
        for action, extra in [("verify", {}), ("start", {}),
                              ("resolve", {"reason": "Sepakat", "outcome": "damai"}),
                              ("close", {"reason": "Selesai"})]:
            case = case_services.perform_transition(actor=pusat_kepala, case=case,
                                                    action=action, **extra)
        case_services.add_note(actor=pusat_kepala, case=case, body="Catatan penutup")
    assert sender.types() == [
        "case.created",
        "case.verified", "case.status_changed",
        "case.status_changed",
        "case.resolved", "case.status_changed",
        "case.closed", "case.status_changed",
        "case.note_added",
    ]


def test_dispatching_the_same_entry_twice_sends_nothing_twice(make_case, pusat_kepala,
                                                               subscribe, sender, committed):
    from selaras.webhooks.services import dispatch_case_event

    subscribe(pusat_kepala)
    with committed():
        case = make_case()
    created = case.events.get(kind="created")
    assert dispatch_case_event(created.pk) == []
    assert WebhookEvent.objects.filter(case_event=created).count() == 1
    assert len(sender.calls) == 1


def test_changed_details_name_the_fields_without_their_values(make_case, make_user, subscribe,
                                                             sender, committed):
    subscribe(make_user("kanwil", "analis"), events=["case.updated"])
    case = make_case()
    with committed():
        case_services.update_case(actor=case.created_by, case=case,
                                  changes={"reporter_name": "Siti Aminah", "alert_level": 3},
                                  reason="Koreksi")
    [call] = sender.calls
    body = json.loads(call["body"])
    assert body["type"] == "case.updated"
    assert body["data"]["change"]["fields"] == ["alert_level", "reporter_name"]
    assert "Siti Aminah" not in call["body"].decode()
