"""An exported case file (template headers, case number as the reference, extra
export-only columns) re-imports as a no-op."""

import pytest
from django.utils import timezone

from selaras.cases.models import Case
from selaras.imports import services
from selaras.imports.columns import CASE_COLUMNS, EXPORT_ONLY_HEADERS
from selaras.imports.models import BatchStatus

from .conftest import case_row, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


def _export_like(cases, *, reference_header="Nomor Referensi") -> list[dict]:
    rows = []
    for case in cases:
        values = {
            "reference": case.number, "title": case.title, "chronology": case.chronology,
            "category": case.category_id, "subcategory": case.subcategory_id or "",
            "occurred_at": timezone.localtime(case.occurred_at).isoformat(),
            "reported_at": timezone.localtime(case.reported_at).isoformat(),
            "location": case.location_id, "address": case.address,
            "alert_level": str(case.alert_level), "scope": case.scope,
            "religions": ";".join(case.religions), "status": case.status,
            "outcome": case.outcome, "outcome_note": case.outcome_note,
            "reject_reason": case.reject_reason, "closed_at": "",
            "reporter_name": case.reporter_name, "reporter_contact": case.reporter_contact,
            "source_channel": case.source_channel,
        }
        row = {c.header: values[c.field] for c in CASE_COLUMNS}
        if reference_header != "Nomor Referensi":
            row[reference_header] = row.pop("Nomor Referensi")
        row.update({h: "x" for h in EXPORT_ONLY_HEADERS})
        rows.append(row)
    return rows


@pytest.mark.parametrize("build", [csv_file, xlsx_file])
def test_exported_cases_reimport_as_a_no_op(kepala_kota, make_case, build):
    make_case(actor=kepala_kota)
    services.start_import(actor=kepala_kota, kind="cases", file_name="lama.csv",
                          content=csv_file([case_row("LEGACY-1", Status="ditutup",
                                                     Hasil="damai")]), dry_run=False)
    cases = list(Case.objects.all())
    assert len(cases) == 2
    content = build(_export_like(cases))
    name = "export." + ("csv" if build is csv_file else "xlsx")
    dry = services.start_import(actor=kepala_kota, kind="cases", file_name=name,
                                content=content)
    assert dry.status == BatchStatus.VALID, dry.errors
    assert (dry.create_count, dry.skip_count) == (0, 2)
    done = services.commit_batch(actor=kepala_kota, batch=dry)
    assert done.status == BatchStatus.COMMITTED
    assert Case.objects.count() == 2


def test_case_number_under_its_own_header_is_the_reference(kepala_kota, make_case):
    make_case(actor=kepala_kota)
    content = csv_file(_export_like(Case.objects.all(), reference_header="Nomor Kasus"))
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="e.csv",
                                  content=content)
    assert batch.status == BatchStatus.VALID, batch.errors
    assert batch.skip_count == 1


def test_field_names_work_as_headers(kepala_kota):
    field_of = {c.header: c.field for c in CASE_COLUMNS}
    row = {field_of[header]: value for header, value in case_row("F-9").items()}
    headers = list(row)
    batch = services.start_import(actor=kepala_kota, kind="cases", file_name="f.csv",
                                  content=csv_file([row], headers=headers))
    assert batch.status == BatchStatus.VALID, batch.errors
