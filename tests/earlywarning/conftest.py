"""Fixtures of the early-warning tests: a frozen clock and report helpers.

The worked example of docs/early-warning.md, at T (default settings: half-life 14 days,
thresholds 10 / 20 / 35, an open level-2 case weighs 6):

  report A, T − 14 d: penolakan 2 × 3 × 0.5  = 3.0   mobilisasi 3 × 4 × 0.5 = 6.0
  report B, T:        ancaman   2 × 4 × 1    = 8.0   dialog (peace) 2 × 1.5 × 1 = 3.0
  si_rukun, T − 28 d: ujaran_kebencian 3 × 2 × 0.25 = 1.5
  conflict 18.5 − peace 3.0 = 15.5; + open level-2 case 6 = 21.5 → level 2 (Siaga)
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from selaras.earlywarning import services

T = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday
DISTRICT = "327301"  # Sukasari, Kota Bandung (KUA "child" in tests/conftest.py)
OTHER_DISTRICT = "327302"  # Coblong, Kota Bandung
SIBLING_DISTRICT = "320405"  # Cileunyi, Kabupaten Bandung


@pytest.fixture(autouse=True)
def _no_login_access_log(settings):
    # The test client's login request has no REMOTE_ADDR; django-axes would log the
    # address "unknown", which PostgreSQL's inet column refuses. Lockout is not what these
    # tests are about.
    settings.AXES_ENABLED = False


@pytest.fixture
def frozen():
    with time_machine.travel(T, tick=False):
        yield T


@pytest.fixture
def file_report(db):
    def make(actor, district=DISTRICT, days_ago=0.0, kind="periodic", note="", **ratings):
        return services.create_report(
            actor=actor, district=district, kind=kind, note=note, ratings=ratings,
            observed_at=services.timezone.now() - timedelta(days=days_ago))

    return make


@pytest.fixture
def worked_example(frozen, make_user, make_case, file_report):
    """The docs' worked example in district 327301; returns the objects made."""
    kua = make_user("child", "pelapor")
    pusat_signals = make_user("pusat", "pelapor", username="sirukun", is_service_account=True)
    a = file_report(kua, days_ago=14, penolakan=2, mobilisasi=3)
    b = file_report(kua, days_ago=0, ancaman=2, dialog=2)
    signal, _created = services.record_signal(
        actor=pusat_signals, source="si_rukun", external_id="SR-1", district=DISTRICT,
        indicator="ujaran_kebencian", rating=3, observed_at=T - timedelta(days=28))
    case = make_case(alert_level=2)
    return {"kua": kua, "a": a, "b": b, "signal": signal, "case": case,
            "sirukun": pusat_signals}
