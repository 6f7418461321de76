"""A level report exists only for an office in the case's chain; bad levels are refused."""

import pytest
from django.http import Http404

from selaras.reports.case_pdf import render_case_report
from selaras.reports.level_report import level_report_context, render_level_report


@pytest.fixture
def city_case(make_case):
    return make_case(alert_level=2)  # handled by Kankemenag Kota Bandung from the start


def test_unknown_level_is_a_clear_value_error(city_case, pusat_kepala):
    with pytest.raises(ValueError, match="kua, kankemenag, kanwil"):
        render_level_report(case=city_case, user=pusat_kepala, level="pusat")


def test_level_outside_the_chain_is_a_value_error_naming_the_case(city_case, pusat_kepala):
    with pytest.raises(ValueError, match=city_case.number):
        render_level_report(case=city_case, user=pusat_kepala, level="kua")


def test_kankemenag_report_goes_to_the_kanwil(city_case, pusat_kepala):
    context = level_report_context(case=city_case, user=pusat_kepala, level="kankemenag")
    assert context["sender"].code == "3273"
    assert context["recipient"].code == "32"
    assert context["escalation"] is None


def test_a_kua_that_escalated_still_has_its_report(make_case, make_user):
    from selaras.cases import services

    head = make_user("327301", "kepala")
    case = make_case(actor=head, alert_level=1)  # handled by KUA Sukasari
    case = services.perform_transition(actor=head, case=case, action="escalate",
                                       reason="Perlu dukungan kabupaten/kota.")
    context = level_report_context(case=case, user=head, level="kua")
    assert context["sender"].code == "327301"
    assert context["recipient"].code == "3273"
    assert context["escalation"].reason == "Perlu dukungan kabupaten/kota."


@pytest.mark.parametrize("render", ["case", "level"])
def test_case_outside_jurisdiction_does_not_exist(city_case, make_user, render):
    outsider = make_user("31", "kepala")  # Kanwil DKI Jakarta
    with pytest.raises(Http404):
        if render == "case":
            render_case_report(case=city_case, user=outsider)
        else:
            render_level_report(case=city_case, user=outsider, level="kankemenag")


def test_available_levels_offer_only_the_offices_in_the_chain(city_case):
    from selaras.reports.level_report import available_levels

    offered = available_levels(case=city_case)
    assert [(level, unit.code) for level, unit in offered] == [
        ("kankemenag", "3273"), ("kanwil", "32")]
