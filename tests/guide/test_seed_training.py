"""seed_training: refuses on a non-training instance, creates practice users for every role
and practice cases in several states, and is idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from selaras.cases.models import Case
from selaras.guide.training import PRACTICE_CASES, TRAINING_PASSWORD, TRAINING_USERS
from selaras.org.models import Membership, Role

pytestmark = pytest.mark.django_db
USERNAMES = [u.username for u in TRAINING_USERS]


def _seed(*args):
    out = StringIO()
    call_command("seed_training", *args, stdout=out)
    return out.getvalue()


def _training_cases():
    return Case.objects.filter(created_by__username__in=USERNAMES)


def test_refuses_without_training_mode(settings):
    settings.TRAINING_MODE = False
    with pytest.raises(CommandError, match="TRAINING_MODE is off"):
        _seed()
    assert not get_user_model().objects.filter(username__in=USERNAMES).exists()
    assert not _training_cases().exists()


def test_force_runs_without_training_mode(settings):
    settings.TRAINING_MODE = False
    _seed("--force")
    assert _training_cases().count() == len(PRACTICE_CASES)


def test_creates_users_for_every_role_with_the_printed_password(settings):
    settings.TRAINING_MODE = True
    out = _seed()
    roles = set(Membership.objects.filter(user__username__in=USERNAMES)
                .values_list("role", flat=True))
    assert roles == set(Role.values)
    assert TRAINING_PASSWORD in out
    for username in USERNAMES:
        assert username in out
        assert get_user_model().objects.get(username=username).check_password(TRAINING_PASSWORD)


def test_practice_cases_are_fictitious_and_in_several_states(settings):
    settings.TRAINING_MODE = True
    _seed()
    cases = list(_training_cases())
    assert len(cases) == len(PRACTICE_CASES)
    assert all(c.title.startswith("[LATIHAN]") for c in cases)
    assert {c.status for c in cases} >= {"dilaporkan", "terverifikasi", "ditangani", "selesai"}
    escalated = next(c for c in cases if "doa bersama" in c.title)
    assert escalated.handling_unit.code == "3273"  # escalated from KUA Sukasari


def test_second_run_creates_nothing(settings):
    settings.TRAINING_MODE = True
    _seed()
    users = get_user_model().objects.count()
    cases, memberships = _training_cases().count(), Membership.objects.count()
    out = _seed()
    assert "0 users created" in out and "0 practice cases created" in out
    assert get_user_model().objects.count() == users
    assert _training_cases().count() == cases
    assert Membership.objects.count() == memberships
