"""The columns of the import templates — shared with the case export.

``CASE_COLUMNS`` is the contract between the legacy-case import and the case export
(``GET /api/v1/cases/export``): where the export writes a field listed here it uses
the same Indonesian header and the same cell format, so an exported file re-imports
as a no-op (the case number goes under ``Nomor Referensi``; a row whose reference is
an existing case number is skipped as already present).

Each column is ``(header, field, required, meaning)``; ``meaning`` (Indonesian) is
what the "Petunjuk" sheet of the template explains. Cell formats:

* dates: ``YYYY-MM-DD`` (or ``YYYY-MM-DDTHH:MM`` / ``DD/MM/YYYY``; XLSX date cells too)
* codes: the code values (``dilaporkan``, ``damai``, ``whatsapp``…), not the labels;
  the alert level is ``1``, ``2`` or ``3``
* lists (religions, region codes of a unit, districts of a counsellor): separated by ``;``

``EXPORT_ONLY_HEADERS`` are columns the export may add that the import ignores
(read-only facts of an existing case). Any other unknown header is an error.
"""

from typing import NamedTuple


class Column(NamedTuple):
    header: str
    field: str
    required: bool
    meaning: str


# Statuses a legacy record may carry (every status; how each is applied:
# selaras/imports/services.py).
LEGACY_STATUSES = (
    "dilaporkan", "terverifikasi", "ditangani", "selesai", "pemantauan", "ditutup", "ditolak",
)

CASE_COLUMNS: tuple[Column, ...] = (
    Column("Nomor Referensi", "reference", True,
           "Nomor arsip/berkas lama (kunci unik impor: baris dengan nomor yang sudah diimpor "
           "dilewati). Pada file ekspor berisi nomor kasus Selaras."),
    Column("Judul", "title", True, "Judul singkat kasus (maks. 200 karakter)."),
    Column("Kronologi", "chronology", True, "Kronologi kejadian (maks. 20.000 karakter)."),
    Column("Kode Kategori", "category", True, "Kode kategori konflik (lihat daftar kode)."),
    Column("Kode Subkategori", "subcategory", False,
           "Kode subkategori, harus termasuk kategori di atas (boleh kosong)."),
    Column("Tanggal Kejadian", "occurred_at", True,
           "Tanggal kejadian, format YYYY-MM-DD (atau DD/MM/YYYY); tidak boleh di masa depan."),
    Column("Tanggal Laporan", "reported_at", False,
           "Tanggal laporan diterima (YYYY-MM-DD); kosong = tanggal kejadian."),
    Column("Kode Wilayah", "location", True,
           "Kode wilayah Kemendagri lokasi kejadian: kecamatan (6 digit) atau desa/kelurahan "
           "(10 digit), tanpa titik."),
    Column("Alamat", "address", False, "Alamat/lokasi rinci (boleh kosong)."),
    Column("Tingkat Siaga", "alert_level", True,
           "1 = Waspada, 2 = Siaga, 3 = Awas. Menentukan kantor penanganan."),
    Column("Lingkup", "scope", False, "antar = antarumat beragama, intra = intern umat."),
    Column("Agama Terlibat", "religions", False,
           "Kode agama dipisah titik koma, mis. islam;kristen."),
    Column("Status", "status", False,
           "Status akhir catatan lama (kosong = dilaporkan): " + ", ".join(LEGACY_STATUSES) + "."),
    Column("Hasil", "outcome", False,
           "Kode hasil penanganan; wajib untuk status selesai, pemantauan, ditutup."),
    Column("Catatan Hasil", "outcome_note", False,
           "Uraian hasil; wajib bila Hasil = lainnya."),
    Column("Alasan Penolakan", "reject_reason", False,
           "Kode alasan penolakan; hanya untuk status ditolak (kosong = lainnya)."),
    Column("Tanggal Ditutup", "closed_at", False,
           "Tanggal kasus ditutup/ditolak (YYYY-MM-DD); kosong = tanggal laporan."),
    Column("Nama Pelapor", "reporter_name", False, "Nama pelapor (data pribadi; boleh kosong)."),
    Column("Kontak Pelapor", "reporter_contact", False,
           "Telepon/e-mail pelapor (data pribadi; boleh kosong)."),
    Column("Saluran Sumber", "source_channel", False,
           "Kode saluran laporan (kosong = langsung)."),
)

# Columns the case export may add; the import reads past them.
EXPORT_ONLY_HEADERS: tuple[str, ...] = (
    "Nama Kategori",
    "Nama Wilayah",
    "Kode Unit Penanganan",
    "Unit Penanganan",
    "Rahasia",
    "Tenggat",
    "Dibuat",
    "Diperbarui",
)

# Other names a column may carry (e.g. an export that writes the case number under its own
# header). Used only when the file lacks the template's header for that field; otherwise
# the alias column is ignored like an export-only column.
HEADER_ALIASES: dict[str, str] = {
    "Nomor Kasus": "reference",
}

UNIT_COLUMNS: tuple[Column, ...] = (
    Column("Kode Unit", "code", True,
           "Kode unit (kunci unik): kode wilayah kantor, atau kode lain untuk kantor tambahan."),
    Column("Nama Unit", "name", True, "Nama kantor, mis. KUA Kecamatan Sukasari."),
    Column("Kode Induk", "parent", True, "Kode unit induk (pusat, kode Kanwil, Kankemenag…)."),
    Column("Tingkat", "level", True,
           "1 = Kanwil, 2 = Kankemenag, 3 = KUA; harus satu tingkat di bawah induk (Pusat tidak "
           "diimpor)."),
    Column("Kode Wilayah Cakupan", "areas", False,
           "Kode wilayah yang dicakup, dipisah titik koma (mis. 327301;327302); harus berada "
           "di dalam cakupan unit induk."),
    Column("Aktif", "is_active", False, "ya/tidak (kosong = ya)."),
)

USER_COLUMNS: tuple[Column, ...] = (
    Column("Nama Pengguna", "username", True,
           "Nama login (kunci unik; huruf, angka, . _ - @ +)."),
    Column("Nama Lengkap", "full_name", True, "Nama lengkap pengguna."),
    Column("Email", "email", False, "Alamat e-mail (boleh kosong)."),
    Column("Kode Unit", "unit", True, "Kode unit tempat keanggotaan."),
    Column("Peran", "role", True,
           "pelapor, penangan, kepala, analis, admin atau auditor. Satu baris = satu "
           "keanggotaan; pengguna dengan beberapa keanggotaan ditulis di beberapa baris."),
)

COUNSELLOR_COLUMNS: tuple[Column, ...] = (
    Column("Nama", "name", True, "Nama penyuluh agama."),
    Column("NIP", "nip", False,
           "NIP (18 digit) bila ada; kunci unik. Tanpa NIP kuncinya nama + kode unit."),
    Column("Kode Unit", "unit", True, "Kode unit (biasanya KUA) tempat penyuluh bertugas."),
    Column("Kecamatan Layanan", "districts", False,
           "Kode kecamatan yang dilayani, dipisah titik koma."),
    Column("Telepon", "phone", False, "Nomor telepon."),
    Column("Aktif", "is_active", False, "ya/tidak (kosong = ya)."),
)

COLUMNS_BY_KIND: dict[str, tuple[Column, ...]] = {
    "cases": CASE_COLUMNS,
    "units": UNIT_COLUMNS,
    "users": USER_COLUMNS,
    "counsellors": COUNSELLOR_COLUMNS,
}


def header_for(field: str, columns: tuple[Column, ...] = CASE_COLUMNS) -> str:
    """The header of a field (``header_for("title") == "Judul"``)."""
    for column in columns:
        if column.field == field:
            return column.header
    raise KeyError(field)
