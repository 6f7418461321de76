import pytest

from selaras.cases.models import CaseEvent
from selaras.core.errors import ValidationError
from selaras.handling import services
from selaras.handling.models import Impact


def impact_events(case):
    return list(CaseEvent.objects.filter(case=case, kind="impact").order_by("id"))


def test_first_impact_records_every_figure(handled_case, penangan):
    impact = services.set_impact(
        actor=penangan, case=handled_case, dead=0, injured="3", displaced=12,
        children_involved=2, property_damaged_kind="Pagar musala",
        property_damage_estimate="1.500.000",
    )
    assert (impact.injured, impact.displaced, impact.property_damage_estimate) == (
        3, 12, 1_500_000)
    [event] = impact_events(handled_case)
    assert event.action == "recorded"
    assert event.data["changes"]["injured"] == [None, 3]


def test_a_correction_records_only_what_changed(handled_case, penangan):
    services.set_impact(actor=penangan, case=handled_case, injured=3, displaced=12)
    services.set_impact(actor=penangan, case=handled_case, injured=4, displaced=12,
                        reason="Satu korban luka baru dilaporkan")
    _first, second = impact_events(handled_case)
    assert second.action == "updated"
    assert second.data == {"changes": {"injured": [3, 4]}}
    assert second.reason == "Satu korban luka baru dilaporkan"
    assert Impact.objects.get(case=handled_case).displaced == 12


def test_no_change_writes_no_event(handled_case, penangan):
    services.set_impact(actor=penangan, case=handled_case, injured=3)
    services.set_impact(actor=penangan, case=handled_case, injured=3)
    assert len(impact_events(handled_case)) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"dead": -1}, "dead"), ({"injured": "dua"}, "injured"), ({"displaced": 1.5}, "displaced"),
     ({"children_involved": True}, "children_involved"), ({"injured": "1.5"}, "injured"),
     ({"property_damage_estimate": -5}, "property_damage_estimate"),
     ({"property_damaged_kind": "x" * 301}, "property_damaged_kind"), ({}, "impact")],
)
def test_bad_figures_are_refused_and_nothing_is_written(handled_case, penangan, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        services.set_impact(actor=penangan, case=handled_case, **kwargs)
    assert field in exc.value.message_dict
    assert not Impact.objects.exists() and impact_events(handled_case) == []


def test_unknown_damage_estimate_is_not_zero(handled_case, penangan):
    impact = services.set_impact(actor=penangan, case=handled_case, dead=0,
                                 property_damage_estimate=None)
    assert impact.property_damage_estimate is None
