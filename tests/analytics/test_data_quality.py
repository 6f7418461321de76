"""Completeness score per case, incomplete and stale lists, adoption per unit."""

from django.utils import translation

from selaras.analytics import quality
from selaras.analytics.filters import DashboardFilter
from selaras.analytics.scope import counted_cases, listed_cases, visible_units
from selaras.cases.models import Case, Status

from .conftest import PERIOD


def scored(world, key):
    case = quality.with_quality_flags(Case.objects.filter(pk=world.cases[key].pk)).get()
    return quality.completeness(case)


def test_every_status_has_rules_over_known_checks():
    assert set(quality.FIELD_RULES) == set(Status.values)
    for required, recommended in quality.FIELD_RULES.values():
        assert set(required) | set(recommended) <= set(quality.CHECKS)


def test_completeness_scores(world):
    # c2 (terverifikasi): required title, chronology, category, verification — all there;
    # recommended scope, religions, village, address, sub-category, parties — only parties.
    c2 = scored(world, "c2")
    assert c2.missing_required == []
    assert len(c2.missing_recommended) == 5
    assert c2.score == round(100 * (8 + 1) / (8 + 6))
    # c1 (selesai): no handling action was recorded (it was started by the workflow step).
    c1 = scored(world, "c1")
    with translation.override("en"):
        assert [str(m) for m in c1.missing_required] == ["handling action"]
    # c3 (dilaporkan) has its village: recommended misses scope, religions, address.
    assert scored(world, "c3").score == round(100 * (6 + 1) / (6 + 4))


def test_incomplete_and_stale_lists_only_list_visible_cases(world):
    flt = DashboardFilter.from_params({})
    own = listed_cases(world.users["own_kepala"])
    incomplete = [c.number for c, _s in quality.incomplete_cases(own, flt)]
    assert incomplete == [world.cases["c2"].number]
    # c2's last event: the party link on 25 April; today is 10 May (15 days).
    assert quality.stale_cases(own, flt, days=30) == []
    stale = [c.number for c in quality.stale_cases(own, flt, days=14)]
    assert stale == [world.cases["c2"].number]
    pusat = listed_cases(world.users["pusat"])
    assert world.cases["c3"].number in [
        c.number for c in quality.stale_cases(pusat, flt, days=14)]


def test_adoption_per_unit(world):
    from django.utils import timezone

    user = world.users["own_kepala"]
    world.users["own_penangan"].last_login = timezone.now()
    world.users["own_penangan"].save(update_fields=["last_login"])
    rows = {a.unit.code: a for a in quality.adoption(
        visible_units(user), counted_cases(user), DashboardFilter.from_params(PERIOD))}
    own = rows["3273"]
    assert (own.members, own.active, own.reports) == (3, 1, 1)  # c2 by the penangan
    assert "3204" not in rows and "32" not in rows


def test_quality_page_renders_for_analyst_without_personal_data(world, web):
    response = web(world.users["own_analis"]).get("/dasbor/kualitas-data/", PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.cases["c2"].number in body
    assert world.cases["c3"].number not in body
    assert "Budi Santoso" not in body
