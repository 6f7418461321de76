"""The dashboard's fast path (decision 0017) against the case-level computation.

``scope.counted_cases`` hands ``compute_summary`` the counted set as disjoint parts —
"located in the area" and the few counted cases located outside it — and the figures
are added up. These tests make cases fall into every corner of that split (handled by
the user's office but moved out of the area, named to the user, confidential,
escalated, resolved, reopened) through the services, and check after each step that
every figure equals the one computed over the counted set written out case by case.
"""

import pytest
import time_machine

from selaras.analytics import figures
from selaras.analytics.filters import DashboardFilter
from selaras.analytics.scope import (
    counted_cases,
    hidden_cases,
    listed_cases,
    outside_area_ids,
    user_area_prefixes,
)
from selaras.cases import services
from selaras.cases.access import area_q
from selaras.cases.models import Case, CaseAccess
from selaras.org.models import Unit

from .conftest import NOW, PERIOD, at


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def fresh(user):
    """A new user object: the scope's per-request memo starts empty."""
    return type(user).objects.get(pk=user.pk)


def expected_counted(user) -> set[int]:
    """The rule written out: the read path plus the confidential cases of the area."""
    ids = pks(Case.objects.restrict(user, "view"))
    prefixes = user_area_prefixes(user)
    if prefixes:
        ids |= pks(Case.objects.filter(area_q(prefixes), confidential=True))
    return ids


def fast(user, flt) -> dict:
    return figures.compute_summary(counted_cases(user), flt, listed_cases(user),
                                   hidden=hidden_cases(user)).as_dict()


def case_level(user, flt) -> dict:
    """The same figures over plain querysets of the counted and listed ids (no parts,
    no literal-list rewriting, "not listed" as counted minus listed)."""
    counted = Case.objects.filter(pk__in=expected_counted(user))
    listed = Case.objects.filter(pk__in=pks(Case.objects.restrict(user, "view")))
    return figures.compute_summary(counted, flt, listed).as_dict()


FILTERS = [
    PERIOD,
    {**PERIOD, "region": "32"},
    {**PERIOD, "region": "3273"},
    {**PERIOD, "region": "317101"},
    {**PERIOD, "category": "rumah_ibadah"},
    {**PERIOD, "alert_level": "1"},
]


def assert_all_equal(world, step: str):
    with time_machine.travel(NOW, tick=False):
        for name, user in world.users.items():
            assert pks(counted_cases(fresh(user))) == expected_counted(user), (step, name)
            for params in FILTERS:
                flt = DashboardFilter.from_params(params)
                assert fast(fresh(user), flt) == case_level(fresh(user), flt), (
                    step, name, params)


def test_parts_are_disjoint_and_add_up_to_the_counted_set(world):
    kanwil = fresh(world.users["kanwil_kepala"])
    c2 = world.cases["c2"]
    # Handled in Kota Bandung, then moved to Jakarta: counted by the Kanwil (its office
    # handles it) although it lies outside the Kanwil's area.
    with time_machine.travel(at(4, 26), tick=False):
        services.update_case(actor=world.users["pusat"], case=c2,
                             changes={"location": "317101"}, reason="Lokasi dikoreksi.")
    kanwil = fresh(kanwil)
    assert outside_area_ids(kanwil) == [c2.pk]
    counted = counted_cases(kanwil)
    parts = [pks(p) for p in counted.analytics_parts]
    assert len(parts) == 2 and not parts[0] & parts[1]
    assert parts[0] | parts[1] == pks(counted) == expected_counted(kanwil)
    assert c2.pk in parts[1]


def test_no_outside_cases_means_one_part(world):
    kanwil = fresh(world.users["kanwil_kepala"])
    assert outside_area_ids(kanwil) == []
    assert len(counted_cases(kanwil).analytics_parts) == 1
    assert not hasattr(counted_cases(fresh(world.users["pusat"])), "analytics_parts")


@pytest.mark.django_db
def test_figures_equal_the_case_level_computation_through_a_sequence_of_actions(world):
    pusat = world.users["pusat"]
    c = world.cases
    assert_all_equal(world, "start")

    # 1. A case moves out of the area while its Kota Bandung office keeps it.
    with time_machine.travel(at(4, 26), tick=False):
        c["c2"] = services.update_case(actor=pusat, case=c["c2"],
                                       changes={"location": "317101"}, reason="Koreksi.")
    assert_all_equal(world, "moved out of the area")

    # 2. Confidentiality changes: a neighbour's case becomes confidential, the
    #    confidential c3 stops being confidential.
    with time_machine.travel(at(4, 27), tick=False):
        c["c5"] = services.update_case(actor=pusat, case=c["c5"],
                                       changes={"confidential": True}, reason="Sensitif.")
        c["c3"] = services.update_case(actor=pusat, case=c["c3"],
                                       changes={"confidential": False}, reason="Dibuka.")
    assert_all_equal(world, "confidentiality")

    # 3. Escalation: the neighbour's case goes up to the Kanwil; the Jakarta case to Pusat.
    with time_machine.travel(at(4, 28), tick=False):
        c["c5"] = services.perform_transition(actor=pusat, case=c["c5"], action="verify")
        c["c5"] = services.perform_transition(actor=pusat, case=c["c5"], action="escalate",
                                              reason="Eskalasi.")
        c["c6"] = services.perform_transition(actor=pusat, case=c["c6"], action="verify")
        c["c6"] = services.perform_transition(actor=pusat, case=c["c6"], action="start")
    assert_all_equal(world, "escalation")

    # 4. Resolutions in the period, one of them on the moved case; then a reopen.
    with time_machine.travel(at(4, 29), tick=False):
        c["c2"] = services.perform_transition(actor=pusat, case=c["c2"], action="start")
        c["c2"] = services.perform_transition(actor=pusat, case=c["c2"], action="resolve",
                                              outcome="damai", reason="Damai.")
        c["c6"] = services.perform_transition(actor=pusat, case=c["c6"], action="resolve",
                                              outcome="damai", reason="Damai.")
        c["c1"] = services.perform_transition(actor=pusat, case=c["c1"], action="reopen",
                                              reason="Muncul lagi.")
    assert_all_equal(world, "resolutions")

    # 5. Named access: the neighbour's kepala is named to the Jakarta case and to c3.
    for case in (c["c6"], c["c3"]):
        CaseAccess.objects.create(case=case, user=world.users["sibling_kepala"],
                                  granted_by=pusat)
    sibling = fresh(world.users["sibling_kepala"])
    assert set(outside_area_ids(sibling)) == {c["c6"].pk, c["c3"].pk}
    assert_all_equal(world, "named access")


def test_the_largest_offices_cut_breaks_ties_by_unit_id(world):
    """Which offices make the top list must not depend on the order the database
    returns the groups in: equal counts are cut by unit id."""
    from collections import Counter

    from selaras.cases.models.case import OPEN_STATUSES

    pusat = fresh(world.users["pusat"])
    per_unit = Counter(Case.objects.filter(status__in=OPEN_STATUSES)
                       .values_list("handling_unit_id", flat=True))
    best = max(per_unit.values())
    tied = [uid for uid, n in per_unit.items() if n == best]
    with time_machine.travel(NOW, tick=False):
        flt = DashboardFilter.from_params(PERIOD)
        for top in range(1, len(per_unit) + 1):
            summary = figures.compute_summary(counted_cases(pusat), flt, top_units=top)
            chosen = sorted(per_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
            codes = {Unit.objects.get(pk=uid).code for uid, _n in chosen}
            assert {f.key for f in summary.open_by_unit} == codes
    # The fixture has several offices with the same number of open cases.
    assert len(per_unit) > len({n for n in per_unit.values()}) and tied
