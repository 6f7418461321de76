"""Imports notify nobody: the whole run is inside ``selaras.notifications.quiet.silenced()``,
which the notification hooks, ``notify()`` and the level-3 alert consult. Outside it the
same service calls notify as always."""

import pytest

from selaras.cases import services as case_services
from selaras.imports import services
from selaras.imports.models import BatchStatus
from selaras.notifications import quiet
from selaras.notifications.models import Notification
from selaras.notifications.services import notify

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(make_user):
    """Heads and handlers who would hear of a new level-3 case in Kota Bandung: its
    office (3273), the Kanwil (32) and Pusat."""
    return [make_user("3273", "penangan", username="penangan_kota"),
            make_user("32", "kepala", username="kepala_kanwil"),
            make_user("pusat", "penangan", username="penangan_pusat")]


def test_an_import_commit_creates_no_notification(kepala_kota, offices,
                                                  django_capture_on_commit_callbacks):
    rows = [case_row("Q-1", **{"Tingkat Siaga": "3"}), case_row("Q-2"),
            case_row("Q-3", Status="ditangani", **{"Tingkat Siaga": "3"})]
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_import(actor=kepala_kota, kind="cases", file_name="q.csv",
                                      content=csv_file(rows), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    assert batch.create_count == 3
    assert not Notification.objects.exists()


def test_committing_a_checked_batch_creates_no_notification(
        kepala_kota, offices, django_capture_on_commit_callbacks):
    dry = services.start_import(actor=kepala_kota, kind="cases", file_name="r.csv",
                                content=csv_file([case_row("R-1", **{"Tingkat Siaga": "3"})]))
    with django_capture_on_commit_callbacks(execute=True):
        done = services.commit_batch(actor=kepala_kota, batch=dry)
    assert done.status == BatchStatus.COMMITTED, done.errors
    assert not Notification.objects.exists()


def test_the_same_service_call_outside_an_import_notifies(
        kepala_kota, offices, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_services.create_case(
            actor=kepala_kota, title="Perusakan rumah ibadah", chronology="Terjadi perusakan.",
            category="rumah_ibadah", occurred_at="2026-11-01T10:00:00+07:00",
            location="3273011001", alert_level=3)
    kinds = set(Notification.objects.filter(case=case).values_list("kind", "user__username"))
    assert ("case_assigned", "kepala_kanwil") in kinds  # level 3 is handled by the Kanwil
    assert {("case_level3", "kepala_kanwil"), ("case_level3", "penangan_pusat")} <= kinds


def test_silence_ends_with_the_block_even_after_an_error(offices):
    with pytest.raises(RuntimeError), quiet.silenced():
        assert quiet.is_silenced()
        assert notify(recipients=offices, kind="deadline_reminder", subject="x", body="y",
                      dedupe_key="quiet-test") == []
        raise RuntimeError
    assert not quiet.is_silenced()
    assert len(notify(recipients=offices, kind="deadline_reminder", subject="x", body="y",
                      dedupe_key="quiet-test")) == 3


def test_a_failed_import_leaves_notifications_on(kepala_kota, offices,
                                                 django_capture_on_commit_callbacks):
    bad = services.start_import(actor=kepala_kota, kind="cases", file_name="s.csv",
                                content=csv_file([case_row("S-1", **{"Kode Kategori": "x"})]),
                                dry_run=False)
    assert bad.status == BatchStatus.FAILED
    assert not quiet.is_silenced()
