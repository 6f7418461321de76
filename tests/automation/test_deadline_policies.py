"""Deadlines follow the policies Pusat sets: per level, a category's own policy wins."""

from datetime import timedelta

import pytest

from selaras.automation import policies
from selaras.automation.models import DeadlinePolicy
from selaras.cases import services
from selaras.cases.models import Category
from selaras.core.errors import PermissionDenied, ValidationError

H = timedelta(hours=1)


def test_seeded_defaults_follow_the_design(db):
    rows = {p.alert_level: (p.verify_hours, p.first_action_hours, p.resolve_days)
            for p in DeadlinePolicy.objects.filter(category=None)}
    assert rows == {1: (24, 72, 30), 2: (24, 72, 30), 3: (6, 24, 30)}


def test_level_policy_changes_the_deadline(make_case, pusat_kepala):
    policies.save_policy(actor=pusat_kepala, alert_level=2, verify_hours=10,
                         first_action_hours=20, resolve_days=7)
    case = make_case(alert_level=2)
    assert case.due_at == case.reported_at + 10 * H
    case = services.perform_transition(actor=pusat_kepala, case=case, action="verify")
    assert case.due_at == case.verified_at + 20 * H
    case = services.perform_transition(actor=pusat_kepala, case=case, action="start")
    assert case.due_at == case.reported_at + timedelta(days=7)


def test_category_policy_wins_over_the_level(make_case, pusat_kepala):
    category = Category.objects.get(code="rumah_ibadah")
    policies.save_policy(actor=pusat_kepala, alert_level=2, category=category, verify_hours=5,
                         first_action_hours=9, resolve_days=14)
    own = make_case(alert_level=2, category="rumah_ibadah")
    assert own.due_at == own.reported_at + 5 * H
    other = make_case(alert_level=2, category="pemakaman")
    assert other.due_at == other.reported_at + 24 * H
    # the override is per level: level 1 keeps its default
    low = make_case(alert_level=1, category="rumah_ibadah")
    assert low.due_at == low.reported_at + 24 * H


def test_saving_a_policy_moves_open_cases_deadlines(make_case, pusat_kepala,
                                                    django_capture_on_commit_callbacks):
    case = make_case(alert_level=2)
    with django_capture_on_commit_callbacks(execute=True):
        policies.save_policy(actor=pusat_kepala, alert_level=2, verify_hours=2,
                             first_action_hours=72, resolve_days=30)
    case.refresh_from_db()
    assert case.due_at == case.reported_at + 2 * H


def test_removing_a_category_policy_falls_back_to_the_level(make_case, pusat_kepala):
    category = Category.objects.get(code="rumah_ibadah")
    policy = policies.save_policy(actor=pusat_kepala, alert_level=2, category=category,
                                  verify_hours=5, first_action_hours=9, resolve_days=14)
    policies.delete_policy(actor=pusat_kepala, policy=policy)
    case = make_case(alert_level=2, category="rumah_ibadah")
    assert case.due_at == case.reported_at + 24 * H


def test_a_level_default_cannot_be_removed(pusat_kepala):
    with pytest.raises(ValidationError):
        policies.delete_policy(actor=pusat_kepala,
                               policy=DeadlinePolicy.objects.get(alert_level=1, category=None))


@pytest.mark.parametrize("field", ["verify_hours", "first_action_hours", "resolve_days"])
@pytest.mark.parametrize("value", [0, -3, "12", None])
def test_bad_durations_are_refused(field, value, pusat_kepala):
    values = {"verify_hours": 1, "first_action_hours": 1, "resolve_days": 1, field: value}
    with pytest.raises(ValidationError):
        policies.save_policy(actor=pusat_kepala, alert_level=1, **values)
    assert DeadlinePolicy.objects.get(alert_level=1, category=None).verify_hours == 24


def test_only_pusat_may_change_policies(make_user):
    kanwil_kepala = make_user("kanwil", "kepala")
    with pytest.raises(PermissionDenied):
        policies.save_policy(actor=kanwil_kepala, alert_level=1, verify_hours=1,
                             first_action_hours=1, resolve_days=1)


def test_subcategory_policy_wins_over_its_category(make_case, pusat_kepala):
    for code, hours in (("rumah_ibadah", 5), ("rumah_ibadah_pendirian", 3)):
        policies.save_policy(actor=pusat_kepala, alert_level=2,
                             category=Category.objects.get(code=code), verify_hours=hours,
                             first_action_hours=9, resolve_days=14)
    case = make_case(alert_level=2, category="rumah_ibadah", subcategory="rumah_ibadah_pendirian")
    assert case.due_at == case.reported_at + 3 * H
