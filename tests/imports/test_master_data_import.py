"""Master data: units (a KUA covering several districts), users with memberships and
counsellors — dry run, commit, upsert by natural key, idempotent, Pusat/Kanwil only."""

import pytest
from django.contrib.auth import get_user_model

from selaras.core.errors import PermissionDenied
from selaras.imports import services
from selaras.imports.models import BatchStatus, Counsellor
from selaras.org.models import Membership, Unit

from .conftest import csv_file, xlsx_file

pytestmark = pytest.mark.django_db

UNIT_ROWS = [
    {"Kode Unit": "3273-kua-gabungan", "Nama Unit": "KUA Gabungan Sukasari-Coblong",
     "Kode Induk": "3273", "Tingkat": "3", "Kode Wilayah Cakupan": "327301;327302",
     "Aktif": "ya"},
    {"Kode Unit": "3273-kua-anak", "Nama Unit": "KUA Pembantu",
     "Kode Induk": "3273", "Tingkat": "3", "Kode Wilayah Cakupan": "327303", "Aktif": "tidak"},
]


@pytest.fixture
def admin_pusat(make_user):
    return make_user("pusat", "admin", username="admin_pusat")


@pytest.fixture
def kepala_jabar(make_user):
    return make_user("32", "kepala", username="kepala_jabar")


def test_units_dry_run_commit_and_reimport(admin_pusat):
    content = xlsx_file(UNIT_ROWS)
    dry = services.start_import(actor=admin_pusat, kind="units", file_name="u.xlsx",
                                content=content)
    assert dry.status == BatchStatus.VALID, dry.errors
    assert dry.create_count == 2
    assert not Unit.objects.filter(code="3273-kua-gabungan").exists()

    done = services.commit_batch(actor=admin_pusat, batch=dry)
    assert done.status == BatchStatus.COMMITTED
    unit = Unit.objects.get(code="3273-kua-gabungan")
    assert unit.parent.code == "3273" and unit.path == "/pusat/32/3273/3273-kua-gabungan/"
    assert set(unit.areas.values_list("code", flat=True)) == {"327301", "327302"}
    assert Unit.objects.get(code="3273-kua-anak").is_active is False

    again = services.start_import(actor=admin_pusat, kind="units", file_name="u.xlsx",
                                  content=content, dry_run=False)
    assert (again.create_count, again.update_count, again.skip_count) == (0, 0, 2)

    changed = [dict(UNIT_ROWS[0], **{"Nama Unit": "KUA Gabungan (baru)"})]
    updated = services.start_import(actor=admin_pusat, kind="units", file_name="u2.csv",
                                    content=csv_file(changed), dry_run=False)
    assert updated.update_count == 1
    assert Unit.objects.get(code="3273-kua-gabungan").name == "KUA Gabungan (baru)"


def test_unit_rows_may_depend_on_earlier_rows_of_the_same_file(admin_pusat):
    rows = [
        {"Kode Unit": "3273-x", "Nama Unit": "Kantor X", "Kode Induk": "32", "Tingkat": "2",
         "Kode Wilayah Cakupan": ""},
        {"Kode Unit": "3273-x-kua", "Nama Unit": "KUA X", "Kode Induk": "3273-x",
         "Tingkat": "3", "Kode Wilayah Cakupan": ""},
    ]
    dry = services.start_import(actor=admin_pusat, kind="units", file_name="x.csv",
                                content=csv_file(rows))
    assert dry.status == BatchStatus.VALID, dry.errors


def test_unit_errors_are_listed_per_row_and_column(admin_pusat):
    rows = [
        {"Kode Unit": "Bad Code!", "Nama Unit": "", "Kode Induk": "nope", "Tingkat": "9",
         "Kode Wilayah Cakupan": "999999"},
        {"Kode Unit": "3273-y", "Nama Unit": "Y", "Kode Induk": "3273", "Tingkat": "3",
         "Kode Wilayah Cakupan": "320405"},  # Kabupaten Bandung: outside Kota Bandung
    ]
    batch = services.start_import(actor=admin_pusat, kind="units", file_name="e.csv",
                                  content=csv_file(rows))
    found = {(e["row"], e["column"]) for e in batch.errors}
    assert {(2, "Kode Unit"), (2, "Nama Unit"), (2, "Kode Induk"), (2, "Tingkat"),
            (2, "Kode Wilayah Cakupan"), (3, "Kode Wilayah Cakupan")} <= found


def test_kanwil_head_imports_only_inside_the_kanwil(kepala_jabar):
    inside = services.start_import(actor=kepala_jabar, kind="units", file_name="u.csv",
                                   content=csv_file(UNIT_ROWS))
    assert inside.status == BatchStatus.VALID, inside.errors
    outside = [{"Kode Unit": "3171-k", "Nama Unit": "KUA Jakarta", "Kode Induk": "3171",
                "Tingkat": "3", "Kode Wilayah Cakupan": "317101"},
               {"Kode Unit": "32", "Nama Unit": "Kanwil baru", "Kode Induk": "pusat",
                "Tingkat": "1", "Kode Wilayah Cakupan": ""}]
    batch = services.start_import(actor=kepala_jabar, kind="units", file_name="o.csv",
                                  content=csv_file(outside))
    assert batch.status == BatchStatus.INVALID
    assert (2, "Kode Induk") in {(e["row"], e["column"]) for e in batch.errors}
    assert (3, "Kode Unit") in {(e["row"], e["column"]) for e in batch.errors}


@pytest.mark.parametrize("unit_code, role", [("3273", "kepala"), ("3273", "admin"),
                                             ("pusat", "penangan"), ("32", "analis")])
def test_master_data_needs_kepala_or_admin_at_pusat_or_kanwil(make_user, unit_code, role):
    user = make_user(unit_code, role)
    with pytest.raises(PermissionDenied):
        services.start_import(actor=user, kind="units", file_name="u.csv",
                              content=csv_file(UNIT_ROWS))


USER_ROWS = [
    {"Nama Pengguna": "siti.aminah", "Nama Lengkap": "Siti Aminah",
     "Email": "siti@example.go.id", "Kode Unit": "327301", "Peran": "penangan"},
    {"Nama Pengguna": "siti.aminah", "Nama Lengkap": "Siti Aminah",
     "Email": "siti@example.go.id", "Kode Unit": "3273", "Peran": "pelapor"},
    {"Nama Pengguna": "budi", "Nama Lengkap": "Budi", "Email": "", "Kode Unit": "32",
     "Peran": "analis"},
]


def test_users_with_memberships_have_no_usable_password_and_reimport_is_a_no_op(admin_pusat):
    content = csv_file(USER_ROWS)
    batch = services.start_import(actor=admin_pusat, kind="users", file_name="p.csv",
                                  content=content, dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    assert (batch.create_count, batch.update_count) == (2, 1)
    siti = get_user_model().objects.get(username="siti.aminah")
    assert siti.full_name == "Siti Aminah" and not siti.has_usable_password()
    assert set(Membership.objects.filter(user=siti).values_list("unit__code", "role")) == {
        ("327301", "penangan"), ("3273", "pelapor")}

    again = services.start_import(actor=admin_pusat, kind="users", file_name="p.csv",
                                  content=content, dry_run=False)
    assert (again.create_count, again.update_count, again.skip_count) == (0, 0, 3)
    assert Membership.objects.filter(user=siti).count() == 2


def test_user_rows_report_bad_values(admin_pusat):
    rows = [{"Nama Pengguna": "bad name", "Nama Lengkap": "", "Email": "not-an-email",
             "Kode Unit": "0000", "Peran": "raja"}]
    batch = services.start_import(actor=admin_pusat, kind="users", file_name="p.csv",
                                  content=csv_file(rows))
    assert {e["column"] for e in batch.errors} == {
        "Nama Pengguna", "Nama Lengkap", "Email", "Kode Unit", "Peran"}


def test_kanwil_may_not_touch_a_user_who_works_elsewhere(make_user):
    admin_jabar = make_user("32", "admin", username="admin_jabar")
    make_user("31", "penangan", username="orang.jakarta")
    rows = [{"Nama Pengguna": "orang.jakarta", "Nama Lengkap": "Orang Jakarta",
             "Kode Unit": "3273", "Peran": "penangan"}]
    batch = services.start_import(actor=admin_jabar, kind="users", file_name="p.csv",
                                  content=csv_file(rows))
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "Nama Pengguna")]


def test_a_kepala_may_not_import_users_so_cannot_hand_out_roles(kepala_jabar):
    rows = [{"Nama Pengguna": "kepala_jabar", "Nama Lengkap": "Kepala", "Email": "",
             "Kode Unit": "32", "Peran": "admin"}]
    with pytest.raises(PermissionDenied):
        services.start_import(actor=kepala_jabar, kind="users", file_name="p.csv",
                              content=csv_file(rows), dry_run=False)
    assert not Membership.objects.filter(user=kepala_jabar, role="admin").exists()
    assert "users" not in services.importable_kinds(kepala_jabar)


def test_a_kanwil_admin_may_not_take_over_an_account_without_memberships(make_user):
    admin_jabar = make_user("32", "admin", username="admin_jabar")
    dpo = get_user_model().objects.create(username="dpo", full_name="DPO",
                                          email="dpo@kemenag.go.id")
    rows = [{"Nama Pengguna": "dpo", "Nama Lengkap": "DPO", "Email": "lain@example.com",
             "Kode Unit": "3273", "Peran": "pelapor"}]
    batch = services.start_import(actor=admin_jabar, kind="users", file_name="p.csv",
                                  content=csv_file(rows), dry_run=False)
    assert batch.status != BatchStatus.COMMITTED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "Nama Pengguna")]
    dpo.refresh_from_db()
    assert dpo.email == "dpo@kemenag.go.id"
    assert not Membership.objects.filter(user=dpo).exists()


COUNSELLOR_ROWS = [
    {"Nama": "Ahmad Fauzi", "NIP": "198001012005011001", "Kode Unit": "327301",
     "Kecamatan Layanan": "327301", "Telepon": "0812-1", "Aktif": "ya"},
    {"Nama": "Maria Ulfa", "NIP": "", "Kode Unit": "327301",
     "Kecamatan Layanan": "327301", "Telepon": "", "Aktif": ""},
]


def test_counsellors_happy_path_upsert_and_idempotency(kepala_jabar):
    content = xlsx_file(COUNSELLOR_ROWS)
    batch = services.start_import(actor=kepala_jabar, kind="counsellors", file_name="c.xlsx",
                                  content=content, dry_run=False)
    assert batch.status == BatchStatus.COMMITTED, batch.errors
    assert Counsellor.objects.count() == 2
    ahmad = Counsellor.objects.get(nip="198001012005011001")
    assert list(ahmad.districts.values_list("code", flat=True)) == ["327301"]

    again = services.start_import(actor=kepala_jabar, kind="counsellors", file_name="c.xlsx",
                                  content=content, dry_run=False)
    assert (again.create_count, again.skip_count) == (0, 2)

    moved = [dict(COUNSELLOR_ROWS[0], **{"Telepon": "0812-2"}), COUNSELLOR_ROWS[1]]
    upd = services.start_import(actor=kepala_jabar, kind="counsellors", file_name="c2.csv",
                                content=csv_file(moved), dry_run=False)
    assert (upd.create_count, upd.update_count, upd.skip_count) == (0, 1, 1)
    assert Counsellor.objects.get(nip="198001012005011001").phone == "0812-2"


def test_counsellor_errors(kepala_jabar):
    rows = [{"Nama": "X", "NIP": "123", "Kode Unit": "317101", "Kecamatan Layanan": "3273",
             "Aktif": "mungkin"}]
    batch = services.start_import(actor=kepala_jabar, kind="counsellors", file_name="c.csv",
                                  content=csv_file(rows))
    assert {e["column"] for e in batch.errors} == {"NIP", "Kode Unit", "Kecamatan Layanan",
                                                   "Aktif"}
