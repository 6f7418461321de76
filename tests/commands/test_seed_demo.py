"""manage.py seed_demo: demo users for every role and cases in every status, idempotently."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from selaras.cases.management.commands import seed_demo
from selaras.cases.models import Case, CaseEvent, EventKind, Note, Status
from selaras.org.models import Membership, Role, UnitLevel


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Case.objects.count(),
        CaseEvent.objects.count(),
        Note.objects.count(),
    )


@pytest.fixture
def seeded(db):
    return seed()


def test_second_run_creates_nothing(seeded):
    first = counts()
    assert first[2] == len(seed_demo.DEMO_CASES) + 1  # + the case of the early-warning alert
    output = seed()
    assert counts() == first
    assert "0 users created" in output and "0 cases created" in output


def test_every_status_is_present(seeded):
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)


def test_cases_span_all_handling_levels_categories_and_districts(seeded):
    cases = Case.objects.select_related("handling_unit")
    assert {c.handling_unit.level for c in cases} >= {
        UnitLevel.PROVINSI, UnitLevel.KABKOTA, UnitLevel.KECAMATAN}
    assert len({c.category_id for c in cases}) >= 6
    assert len({c.district_code for c in cases}) >= 6
    assert len({c.regency_code for c in cases}) >= 4
    assert {c.province_code for c in cases} == {"32"}
    assert cases.filter(confidential=True).exists()
    assert Note.objects.exists()


def test_timelines_come_from_the_services(seeded):
    for case in Case.objects.all():
        events = list(case.events.all())
        assert events[0].kind == EventKind.CREATED
        transitions = [e for e in events if e.kind == EventKind.TRANSITION]
        if transitions:
            assert transitions[-1].to_status == case.status
    actions = set(CaseEvent.objects.values_list("action", flat=True))
    assert {"verify", "start", "escalate", "delegate", "take_over", "resolve", "monitor",
            "close", "reopen", "reject"} <= actions
    # Every responsibility change or ending carries its reason.
    for event in CaseEvent.objects.filter(
        action__in=["escalate", "delegate", "take_over", "resolve", "close", "reopen", "reject"]
    ):
        assert event.reason.strip(), event


def test_demo_users_cover_every_role_and_can_log_in(seeded, client):
    memberships = Membership.objects.filter(user__username__in=[
        u for u, *_ in seed_demo.DEMO_USERS])
    assert set(memberships.values_list("role", flat=True)) == set(Role.values)
    levels = set(memberships.values_list("unit__level", flat=True))
    assert levels == {UnitLevel.PUSAT, UnitLevel.PROVINSI, UnitLevel.KABKOTA,
                      UnitLevel.KECAMATAN}
    for username, *_ in seed_demo.DEMO_USERS:
        assert get_user_model().objects.get(username=username).check_password(
            seed_demo.DEMO_PASSWORD)
    assert len(seed_demo.DEMO_PASSWORD) >= 12


def test_logins_are_printed(seeded):
    assert seed_demo.DEMO_PASSWORD in seeded
    for username, *_ in seed_demo.DEMO_USERS:
        assert username in seeded
    assert seed("--print-logins").count("kepala.") >= 3


def test_refuses_without_reference_data(db, monkeypatch):
    monkeypatch.setattr(seed_demo, "PROVINCE", "99")
    with pytest.raises(CommandError, match="load_regions"):
        seed()
    assert not Case.objects.exists()
    assert not get_user_model().objects.exists()


def test_refuses_when_units_are_missing(db, monkeypatch):
    monkeypatch.setattr(seed_demo, "REQUIRED_UNITS", ["pusat", "329999"])
    with pytest.raises(CommandError, match="build_units"):
        seed()
    assert not Case.objects.exists()
