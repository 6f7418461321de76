"""The downloadable import templates: XLSX (sheet "Data" + sheet "Petunjuk") and CSV.

The "Petunjuk" (instructions) sheet is in Indonesian, like the headers: one line per
column (header, required or not, meaning) and then the code lists the columns use.
"""

import csv
import io

from django.utils import translation

from selaras.cases.models import (
    AlertLevel,
    Category,
    ConflictScope,
    Outcome,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from selaras.org.models import Role, UnitLevel

from .columns import COLUMNS_BY_KIND, LEGACY_STATUSES

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

TITLES = {
    "cases": "Template impor kasus lama (KSBK)",
    "units": "Template impor unit kerja",
    "users": "Template impor pengguna dan keanggotaan",
    "counsellors": "Template impor penyuluh agama",
}


def file_name(kind: str, fmt: str) -> str:
    return f"selaras-template-{kind}.{fmt}"


def _choices(choices, values=None) -> list[tuple[str, str]]:
    with translation.override("id"):
        return [(str(value), str(label)) for value, label in choices.choices
                if values is None or str(value) in values]


def code_lists(kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(code, meaning)]) for the instructions sheet."""
    if kind == "cases":
        categories = [(c.code, c.name + (f" (subkategori dari {c.parent_id})" if c.parent_id
                                         else ""))
                      for c in Category.objects.filter(is_active=True).order_by("position")]
        return [
            ("Kode Kategori / Kode Subkategori", categories),
            ("Tingkat Siaga", _choices(AlertLevel)),
            ("Status (catatan lama)", _choices(Status, LEGACY_STATUSES)),
            ("Hasil", _choices(Outcome)),
            ("Alasan Penolakan", _choices(RejectReason)),
            ("Saluran Sumber", _choices(SourceChannel)),
            ("Agama Terlibat", _choices(Religion)),
            ("Lingkup", _choices(ConflictScope)),
            ("Kode Wilayah", [
                ("327301", "Contoh kecamatan (6 digit): Kec. Sukasari, Kota Bandung"),
                ("3273011001", "Contoh desa/kelurahan (10 digit)"),
                ("", "Daftar lengkap: menu Wilayah atau GET /api/v1/regions?parent=KODE"),
                ("", "Hanya wilayah dalam cakupan kantor Anda yang dapat diimpor."),
            ]),
        ]
    if kind == "units":
        return [("Tingkat", _choices(UnitLevel))]
    if kind == "users":
        return [("Peran", _choices(Role))]
    return []


def xlsx_bytes(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = COLUMNS_BY_KIND[kind]
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    data.append([c.header for c in columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        data.column_dimensions[cell_letter(index)].width = max(14, len(column.header) + 4)
        # Codes and dates stay text: Excel would turn 3273011001 into 3.27E+09.
        data.column_dimensions[cell_letter(index)].number_format = "@"

    guide = workbook.create_sheet("Petunjuk")
    guide.append([TITLES[kind]])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(["Isi sheet 'Data' mulai baris 2, satu baris per data. Baris 1 (judul kolom) "
                  "jangan diubah. Kolom bertanda Wajib harus diisi. Rumus tidak dihitung: "
                  "isi sel disimpan sebagai teks."])
    guide.append(["Unggah dulu untuk pemeriksaan (uji coba); data baru disimpan setelah Anda "
                  "menekan 'Simpan'. Mengunggah file yang sama lagi tidak membuat data ganda."])
    guide.append([])
    guide.append(["Kolom", "Wajib", "Keterangan"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.header, "Wajib" if column.required else "Opsional", column.meaning])
    for title, items in code_lists(kind):
        guide.append([])
        guide.append([f"Daftar kode: {title}"])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        guide.append(["Kode", "", "Arti"])
        for code, meaning in items:
            guide.append([code, "", meaning])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def csv_bytes(kind: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in COLUMNS_BY_KIND[kind]])
    # A BOM so that Excel opens the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_bytes(kind: str, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        return csv_bytes(kind), CSV_TYPE
    return xlsx_bytes(kind), XLSX_TYPE
