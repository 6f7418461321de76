"""The guide's table of contents: one page per role, plus "Mulai di sini" and the exercises.

The page texts are Indonesian on purpose (the end-user guide is written in Indonesian,
like docs/panduan-pengguna.md) and live in ``templates/guide/pages/<slug>.html``; they are
not translatable. Titles and summaries here are Indonesian for the same reason.
"""

from dataclasses import dataclass

from selaras.org.models import Role


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    summary: str
    roles: tuple = ()  # roles this page is written for (empty: everyone)

    @property
    def template(self) -> str:
        return f"guide/pages/{self.slug}.html"


START = GuidePage(
    "mulai", "Mulai di sini",
    "Masuk, membaca antrean, alur kasus, dan arti setiap status. Baca ini lebih dulu.",
)
ROLE_PAGES = [
    GuidePage("pelapor", "Pelapor",
              "Mencatat laporan baru dengan lengkap dan menambah catatan.", (Role.PELAPOR,)),
    GuidePage("penangan", "Penangan",
              "Memulai penanganan, mencatat tindakan, tugas, pihak dan kesepakatan.",
              (Role.PENANGAN,)),
    GuidePage("kepala", "Kepala KUA, Kankemenag dan Kanwil",
              "Verifikasi, tolak, eskalasi, delegasi, ambil alih, selesaikan dan tutup kasus.",
              (Role.KEPALA,)),
    GuidePage("analis", "Analis",
              "Dasbor, peta, titik rawan, rekap dan ekspor; data pribadi tersamar.",
              (Role.ANALIS,)),
    GuidePage("admin", "Admin",
              "Mengelola akun pengguna, peran dan verifikasi dua langkah.", (Role.ADMIN,)),
    GuidePage("auditor", "Auditor",
              "Membaca jejak audit dan riwayat kasus yang tidak bisa diubah.", (Role.AUDITOR,)),
]
EXERCISES = GuidePage(
    "latihan", "Latihan",
    "Soal latihan per peran dengan akun latihan, di instansi Mode Latihan.",
)
PAGES = {p.slug: p for p in [START, *ROLE_PAGES, EXERCISES]}


def pages_for(roles: set) -> tuple[list, list]:
    """(the role pages for ``roles``, the other role pages), each in the table's order."""
    mine = [p for p in ROLE_PAGES if set(p.roles) & set(roles)]
    others = [p for p in ROLE_PAGES if p not in mine]
    return mine, others
