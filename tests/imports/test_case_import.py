"""Legacy cases: dry run lists every error, commit is all or nothing, re-import is a no-op."""

import pytest
from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, EventKind, Status
from selaras.imports import services
from selaras.imports.models import BatchStatus, ImportedCase

from .conftest import case_row, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


def test_dry_run_writes_nothing_and_counts(kepala_kota):
    content = csv_file([case_row("LAMA/2019/001"), case_row("LAMA/2019/002")])
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="lama.csv",
                                  content=content)
    assert batch.status == BatchStatus.VALID, batch.errors
    assert (batch.row_count, batch.create_count, batch.skip_count) == (2, 2, 0)
    assert Case.objects.count() == 0
    assert ImportedCase.objects.count() == 0


def test_dry_run_lists_every_error_with_row_and_column(kepala_kota):
    rows = [
        case_row("A-1", **{"Tanggal Kejadian": "31/02/2019"}),
        case_row("A-2", **{"Kode Kategori": "tidak_ada", "Tingkat Siaga": "7"}),
        case_row("A-3"),
        case_row("", **{"Judul": ""}),
        case_row("A-5", **{"Status": "selesai"}),
    ]
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="x.csv",
                                  content=csv_file(rows))
    assert batch.status == BatchStatus.INVALID
    found = {(e["row"], e["column"]) for e in batch.errors}
    assert (2, "Tanggal Kejadian") in found
    assert (3, "Kode Kategori") in found
    assert (3, "Tingkat Siaga") in found
    assert (5, "Nomor Referensi") in found
    assert (6, "Hasil") in found
    assert not any(e["row"] == 4 for e in batch.errors)
    assert batch.create_count == 1  # the one good row would be created
    assert batch.content == b""  # an invalid upload is not kept


def test_commit_is_atomic_an_error_in_the_last_row_writes_nothing(kepala_kota):
    rows = [case_row("B-1"), case_row("B-2"), case_row("B-3", **{"Kode Wilayah": "999999"})]
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="b.csv",
                                  content=csv_file(rows), dry_run=False)
    assert batch.status == BatchStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(4, "Kode Wilayah")]
    assert Case.objects.count() == 0
    assert ImportedCase.objects.count() == 0


def test_commit_then_reimport_creates_nothing_new(kepala_kota):
    content = xlsx_file([case_row("C-1"), case_row("C-2")])
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="c.xlsx",
                                  content=content)
    batch = services.commit_batch(actor=kepala_kota, batch=batch)
    assert batch.status == BatchStatus.COMMITTED
    assert batch.create_count == 2 and batch.content == b""
    assert Case.objects.count() == 2

    again = services.start_import(actor=kepala_kota, kind="cases", file_name="c.xlsx",
                                  content=content, dry_run=False)
    assert again.status == BatchStatus.COMMITTED
    assert (again.create_count, again.skip_count) == (0, 2)
    assert Case.objects.count() == 2


def test_legacy_closed_case_gets_its_status_outcome_and_an_import_event(kepala_kota):
    row = case_row("D-1", **{"Status": "ditutup", "Hasil": "damai",
                             "Catatan Hasil": "Kesepakatan damai ditandatangani.",
                             "Tanggal Laporan": "2019-03-15", "Tanggal Ditutup": "2019-06-01"})
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="d.csv",
                                  content=csv_file([row]), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = ImportedCase.objects.get(reference="D-1").case
    assert case.status == Status.DITUTUP
    assert case.outcome == "damai"
    assert timezone.localtime(case.closed_at).date().isoformat() == "2019-06-01"
    assert case.reported_at.year == 2019 and "-2019-" in case.number
    assert case.due_at is None
    event = CaseEvent.objects.get(case=case, kind=EventKind.TRANSITION)
    assert event.action == "imported"
    assert event.data == {"imported": True, "batch": batch.pk, "legacy_status": "ditutup",
                          "reference": "D-1"}
    assert (event.from_status, event.to_status) == ("dilaporkan", "ditutup")


def test_rejected_legacy_record(kepala_kota):
    row = case_row("E-1", **{"Status": "ditolak", "Alasan Penolakan": "hoaks"})
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="e.csv",
                                  content=csv_file([row]), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = Case.objects.get()
    assert (case.status, case.reject_reason) == ("ditolak", "hoaks")
    assert case.closed_at is not None


def test_open_legacy_case_is_not_overdue_at_once(kepala_kota):
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="f.csv",
                                  content=csv_file([case_row("F-1", Status="ditangani")]),
                                  dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = Case.objects.get()
    assert case.status == Status.DITANGANI and case.verified_at is not None
    assert case.due_at > timezone.now()


def test_formula_cells_are_kept_as_text(kepala_kota):
    rows = [case_row("G-1", Judul="=HYPERLINK(\"http://evil\";\"klik\")",
                     Kronologi="=1+1")]
    for name, content in (("g.xlsx", xlsx_file(rows)), ("g.csv", csv_file(rows))):
        Case.objects.all().delete()
        ImportedCase.objects.all().delete()
        batch = services.start_import(actor=kepala_kota, kind="cases", file_name=name,
                                      content=content, dry_run=False)
        assert batch.status == BatchStatus.COMMITTED, batch.errors
        case = Case.objects.get()
        assert case.title == "=HYPERLINK(\"http://evil\";\"klik\")"
        assert case.chronology == "=1+1"


def test_exported_case_number_as_reference_is_skipped(kepala_kota, make_case):
    existing = make_case(actor=kepala_kota)
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="export.csv",
                                  content=csv_file([case_row(existing.number)]), dry_run=False)
    assert batch.status == BatchStatus.COMMITTED
    assert (batch.create_count, batch.skip_count) == (0, 1)
    assert Case.objects.count() == 1


def test_duplicate_reference_inside_one_file(kepala_kota):
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="h.csv",
                                  content=csv_file([case_row("H-1"), case_row("H-1")]))
    assert batch.errors == [{"row": 3, "column": "Nomor Referensi",
                             "message": "The same reference is already on row 2."}]


def test_level3_legacy_case_raises_no_alert_and_no_notification(
        kepala_kota, django_capture_on_commit_callbacks):
    from selaras.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_import(
            actor=kepala_kota, kind="cases", file_name="i.csv", dry_run=False,
            content=csv_file([case_row("I-1", **{"Tingkat Siaga": "3"})]))
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    case = ImportedCase.objects.get(reference="I-1").case
    assert not case.events.filter(action="level3_alert").exists()
    assert not Notification.objects.exists()  # more in test_import_notifications.py


def test_the_case_page_timeline_says_the_case_was_imported(client, kepala_kota):
    from django.urls import reverse

    services.start_import(actor=kepala_kota, kind="cases", file_name="t.csv", dry_run=False,
                          content=csv_file([case_row("TL-1", Status="selesai", Hasil="mereda")]))
    case = ImportedCase.objects.get(reference="TL-1").case
    client.force_login(kepala_kota)
    page = client.get(reverse("case-detail", args=[case.number])).content.decode()
    assert "Imported from a legacy record (reference TL-1)." in page


def test_uncommitted_uploads_expire_after_a_week(kepala_kota):
    from datetime import timedelta

    from selaras.core.errors import ActionNotAllowed
    from selaras.imports.jobs import expire_unused_uploads

    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="old.csv",
                                  content=csv_file([case_row("OLD-1")]))
    from selaras.automation.scheduler import discover

    assert "expire_import_uploads" in discover()
    assert expire_unused_uploads(timezone.now()) == 0
    assert expire_unused_uploads(timezone.now() + timedelta(days=8)) == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.INVALID and bytes(batch.content) == b""
    with pytest.raises(ActionNotAllowed):
        services.commit_batch(actor=kepala_kota, batch=batch)
