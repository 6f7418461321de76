"""Who may import legacy cases: heads (kepala), and only for locations in their area."""

import pytest

from selaras.cases.models import Case
from selaras.core.errors import PermissionDenied
from selaras.imports import services
from selaras.imports.models import BatchStatus

from .conftest import case_row, csv_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["pelapor", "penangan", "analis", "auditor", "admin"])
def test_only_heads_import_cases(make_user, role):
    user = make_user("pusat", role)
    with pytest.raises(PermissionDenied):
        services.start_import(actor=user, kind="cases", file_name="a.csv",
                              content=csv_file([case_row("P-1")]))


def test_rows_outside_the_heads_area_are_row_errors(make_user):
    kua_head = make_user("327301", "kepala")  # KUA Sukasari
    rows = [case_row("Q-1"),  # in Sukasari
            case_row("Q-2", **{"Kode Wilayah": "327302"}),  # Coblong: next door
            case_row("Q-3", **{"Kode Wilayah": "317101"})]  # Jakarta
    batch = services.start_import(actor=kua_head, kind="cases", file_name="q.csv",
                                  content=csv_file(rows), dry_run=False)
    assert batch.status == BatchStatus.FAILED
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (3, "Kode Wilayah"), (4, "Kode Wilayah")]
    assert Case.objects.count() == 0


def test_another_users_batch_cannot_be_committed(make_user):
    first = make_user("3273", "kepala")
    second = make_user("3273", "kepala")
    batch = services.start_import(actor=first, kind="cases", file_name="a.csv",
                                  content=csv_file([case_row("S-1")]))
    with pytest.raises(PermissionDenied):
        services.commit_batch(actor=second, batch=batch)


def test_a_batch_commits_once(make_user):
    from selaras.core.errors import ActionNotAllowed

    head = make_user("3273", "kepala")
    batch = services.start_import(actor=head, kind="cases", file_name="a.csv",
                                  content=csv_file([case_row("T-1")]))
    services.commit_batch(actor=head, batch=batch)
    with pytest.raises(ActionNotAllowed):
        services.commit_batch(actor=head, batch=batch)
    assert Case.objects.count() == 1


def test_case_number_outside_the_area_is_not_skipped_silently(make_user, make_case):
    other = make_case(location="3171011001")  # Jakarta
    head = make_user("3273", "kepala")
    batch = services.start_import(actor=head, kind="cases", file_name="a.csv",
                                  content=csv_file([case_row(other.number)]))
    assert batch.status == BatchStatus.INVALID
    assert batch.errors[0]["column"] == "Nomor Referensi"
