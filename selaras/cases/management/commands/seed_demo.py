"""Demo data for one province (Jawa Barat, 32): users for every role, synthetic cases.

Every case is made through the services (``create_case``, ``add_note``,
``perform_transition`` with reasons), so timelines, deadlines and handling
units are what real use would produce. All names are invented.

Idempotent: users are matched by username, cases by their title among the cases
registered by demo users, so a second run creates nothing new.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from selaras.accounts.mfa import mfa_required
from selaras.cases import services
from selaras.cases.models import Case
from selaras.cases.workflow import TRANSITIONS
from selaras.earlywarning.demo import seed as seed_early_warning
from selaras.org.jurisdiction import forget_grants
from selaras.org.models import Membership, Role, Unit
from selaras.regions.models import Region

DEMO_PASSWORD = "selaras-demo-2026"
PROVINCE = "32"

# (username, full name, unit code, role). Names are invented.
DEMO_USERS = [
    ("kepala.pusat", "Hendra Wicaksana Prawiro", "pusat", Role.KEPALA),
    ("analis.pusat", "Sri Wulandari Kusumo", "pusat", Role.ANALIS),
    ("auditor.pusat", "Bambang Triatmojo Saputro", "pusat", Role.AUDITOR),
    ("admin.pusat", "Yuliana Puspitasari Hakim", "pusat", Role.ADMIN),
    ("kepala.jabar", "Asep Ruhiyat Sukmana", "32", Role.KEPALA),
    ("penangan.jabar", "Neneng Kurniasih Rahayu", "32", Role.PENANGAN),
    ("analis.jabar", "Dadan Ramdani Permana", "32", Role.ANALIS),
    ("kepala.kotabandung", "Iwan Setiawan Natadiredja", "3273", Role.KEPALA),
    ("penangan.kotabandung", "Rina Marlina Suganda", "3273", Role.PENANGAN),
    ("pelapor.kotabandung", "Ujang Hermawan Saleh", "3273", Role.PELAPOR),
    ("kepala.sukasari", "Cecep Mulyana Hidayat", "327301", Role.KEPALA),
    ("penangan.sukasari", "Euis Nurhayati Fitriani", "327301", Role.PENANGAN),
    ("pelapor.sukasari", "Ade Supriatna Kosasih", "327301", Role.PELAPOR),
]
REQUIRED_UNITS = sorted({code for _u, _n, code, _r in DEMO_USERS})


@dataclass
class DemoCase:
    title: str
    chronology: str
    category: str
    district: str  # six-digit district code in Jawa Barat
    level: int
    days_ago: float
    steps: list = field(default_factory=list)  # ("action", {kwargs}) or ("note", "text")
    village: int = 0  # index of the village within the district, by code
    subcategory: str | None = None
    scope: str = ""
    religions: list = field(default_factory=list)
    channel: str = "langsung"
    reporter: tuple = ("", "")
    address: str = ""
    confidential: bool = False
    legal_stage: str = "pencegahan"
    by: str = ""  # username that registers the case (default: nearest reporter)


V = "verify"
S = "start"

DEMO_CASES = [
    # ---- dilaporkan (waiting for verification; some overdue)
    DemoCase(
        "Keberatan warga atas rencana pembangunan gereja di Gegerkalong",
        "Sekelompok warga RW 07 menyampaikan keberatan kepada ketua RT atas rencana "
        "pembangunan gedung gereja. Panitia pembangunan menyatakan sudah mengantongi 60 "
        "tanda tangan pengguna. Belum ada pengerahan massa; warga meminta musyawarah.",
        "rumah_ibadah", "327301", 1, 0.2, village=1, subcategory="rumah_ibadah_pendirian",
        scope="antar", religions=["islam", "kristen"], channel="penyuluh",
        reporter=("Yayan Sofyan Hadiwijaya", "0812-0000-2101"),
        address="Jl. Bunga Tanjung, RT 02/RW 07",
    ),
    DemoCase(
        "Unggahan video bernada provokatif tentang pengajian di Coblong",
        "Video pendek yang menuding sebuah majelis taklim mengajarkan paham menyimpang "
        "beredar di grup WhatsApp warga dan dibagikan ulang lebih dari 300 kali.",
        "ujaran_kebencian", "327302", 1, 2, scope="intra", religions=["islam"],
        channel="media", reporter=("Anonim (tangkapan layar)", ""),
    ),
    DemoCase(
        "Penolakan pemakaman warga beda agama di TPU desa",
        "Keluarga almarhum melapor bahwa sebagian warga menolak jenazah dimakamkan di "
        "TPU desa karena berbeda agama. Jenazah masih disemayamkan di rumah duka.",
        "pemakaman", "320101", 2, 1.5, scope="antar", religions=["islam", "katolik"],
        channel="telepon", reporter=("Margaretha Sulastri Wibowo", "0813-0000-3302"),
        by="penangan.jabar",
    ),
    # ---- terverifikasi
    DemoCase(
        "Perselisihan jadwal penggunaan aula serbaguna untuk kebaktian",
        "Pengurus DKM dan jemaat gereja rumah berselisih soal jadwal pemakaian aula "
        "serbaguna RW pada hari Minggu. Ketua RW meminta Kemenag memfasilitasi.",
        "rumah_ibadah", "327301", 1, 3, village=2, subcategory="rumah_ibadah_penggunaan",
        scope="antar", religions=["islam", "kristen"], channel="langsung",
        reporter=("Dedi Kurniawan Sasmita", "0812-0000-4403"),
        steps=[(V, {})],
    ),
    DemoCase(
        "Dugaan ajaran menyimpang kelompok kajian di Babakan Ciparay",
        "Tokoh masyarakat melaporkan kelompok kajian yang disebut melarang anggotanya "
        "salat berjamaah di masjid warga. Belum ada konfrontasi terbuka.",
        "paham_aliran", "327303", 2, 4, subcategory="paham_aliran_sesat", scope="intra",
        religions=["islam"], channel="surat", confidential=True,
        reporter=("Haji Odang Suparman", "0815-0000-5504"),
        steps=[(V, {})],
    ),
    # ---- ditangani (in handling), incl. escalation, delegation, take-over
    DemoCase(
        "Sengketa kepengurusan DKM Masjid Al-Hikmah",
        "Dua kubu pengurus DKM sama-sama mengklaim kepengurusan sah setelah musyawarah "
        "jamaah yang ricuh. Kotak amal dan kunci masjid dikuasai salah satu kubu.",
        "kepengurusan", "327301", 1, 9, scope="intra", religions=["islam"],
        channel="penyuluh", reporter=("Ustaz Maman Suherman", "0812-0000-6605"),
        steps=[
            (V, {}), (S, {}),
            ("note", "Mediasi pertama di kantor KUA dihadiri kedua kubu; belum sepakat."),
            ("escalate", {"reason": "Salah satu kubu melibatkan ormas dari luar kecamatan; "
                                    "perlu koordinasi tingkat kota."}),
        ],
    ),
    DemoCase(
        "Penyegelan tempat ibadah sementara umat Buddha di ruko",
        "Ruko yang dipakai sebagai vihara sementara disegel oleh aparat kelurahan setelah "
        "protes warga soal perizinan. Umat meminta pendampingan.",
        "rumah_ibadah", "327312", 2, 12, subcategory="rumah_ibadah_penggunaan",
        scope="antar", religions=["buddha", "islam"], channel="surat",
        reporter=("Lie Tjandra Gunawan", "0811-0000-7706"), legal_stage="penghentian",
        steps=[
            (V, {}),
            ("delegate", {"target_unit": "327312", "reason": "KUA Batununggal paling dekat "
                          "dengan lokasi dan mengenal para tokoh setempat."}),
            (S, {}),
            ("note", "Rapat koordinasi dengan FKUB kota dijadwalkan Kamis pekan depan."),
        ],
    ),
    DemoCase(
        "Pembubaran paksa pengajian oleh massa di Kabupaten Garut",
        "Sekitar 50 orang mendatangi lokasi pengajian dan memaksa acara dibubarkan. "
        "Satu orang luka ringan. Polsek sudah di lokasi; situasi mulai terkendali.",
        "kegiatan_penyiaran", "320502", 1, 6, village=1, scope="intra", religions=["islam"],
        channel="whatsapp", reporter=("Dudung Abdurahman Sobari", "0821-0000-8807"),
        legal_stage="penghentian", by="penangan.jabar",
        steps=[
            (V, {}),
            ("take_over", {"reason": "Ada korban luka dan massa dari luar daerah; Kanwil "
                                     "mengambil alih penanganan."}),
            (S, {}),
            ("note", "Koordinasi dengan Polres dan Forkopimda kabupaten sudah berjalan."),
        ],
    ),
    DemoCase(
        "Sengketa tanah wakaf madrasah dengan ahli waris",
        "Ahli waris wakif menggugat status tanah wakaf yang kini berdiri madrasah "
        "diniyah. Akta ikrar wakaf tidak ditemukan di arsip KUA.",
        "sengketa_wakaf", "327801", 2, 20, scope="intra", religions=["islam"],
        channel="langsung", reporter=("Enung Rohaeti Sumarna", "0852-0000-9908"),
        by="penangan.jabar",
        steps=[(V, {}), (S, {}), ("note", "Meminta salinan sertifikat ke kantor pertanahan.")],
    ),
    DemoCase(
        "Ketegangan menjelang perayaan Natal di perumahan Bekasi",
        "Spanduk penolakan perayaan Natal di fasilitas umum perumahan dipasang tanpa izin. "
        "Panitia khawatir terjadi pengerahan massa pada malam perayaan.",
        "hari_besar_simbol", "327501", 3, 2, scope="antar", religions=["kristen", "islam"],
        channel="si_rukun", reporter=("Sistem Si-Rukun", ""), by="penangan.jabar",
        legal_stage="pencegahan",
        steps=[(V, {}), (S, {}), ("note", "Tim gabungan berjaga saat malam perayaan.")],
    ),
    # ---- selesai
    DemoCase(
        "Perbedaan penetapan awal Ramadan memicu adu mulut jamaah",
        "Perbedaan awal puasa antara dua musala bertetangga memicu adu mulut lewat "
        "pengeras suara. Warga khawatir berlanjut saat Idulfitri.",
        "kegiatan_penyiaran", "327301", 1, 30, village=3, scope="intra", religions=["islam"],
        channel="penyuluh", reporter=("Iis Rohayati", "0812-0000-1209"),
        steps=[
            (V, {}), (S, {}),
            ("note", "Dialog bersama kedua pengurus musala difasilitasi penyuluh."),
            ("resolve", {"outcome": "damai", "reason": "Kedua pengurus sepakat mengatur "
                                                       "volume dan jadwal pengeras suara."}),
        ],
    ),
    DemoCase(
        "Tuduhan penodaan agama lewat unggahan media sosial",
        "Seorang warga dilaporkan mengunggah meme yang dianggap menghina simbol agama. "
        "Massa sempat berkumpul di depan rumahnya.",
        "penodaan_agama", "327601", 2, 25, scope="antar", religions=["islam", "hindu"],
        channel="media", reporter=("Pelapor dirahasiakan", ""), confidential=True,
        by="penangan.jabar", legal_stage="penghentian",
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "dirujuk_hukum", "reason": "Perkara dilimpahkan ke "
                         "Polres; massa sudah membubarkan diri."}),
        ],
    ),
    # ---- pemantauan
    DemoCase(
        "Penolakan renovasi musala di kompleks perumahan",
        "Sebagian penghuni menolak renovasi musala karena menambah lantai dua. "
        "Pengurus sudah mengajukan izin ke kelurahan.",
        "rumah_ibadah", "327302", 1, 45, village=2, subcategory="rumah_ibadah_pendirian",
        scope="intra", religions=["islam"], channel="langsung",
        reporter=("Tatang Sutarman", "0813-0000-1310"),
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "damai",
                         "reason": "Renovasi disepakati tanpa menambah lantai; warga "
                                   "menandatangani berita acara."}),
            ("monitor", {}),
            ("note", "Kunjungan pemantauan bulan pertama: situasi kondusif."),
        ],
    ),
    DemoCase(
        "Perkawinan beda agama memicu konflik antarkeluarga",
        "Rencana perkawinan pasangan beda agama memicu ancaman dari keluarga besar salah "
        "satu pihak. Pasangan meminta perlindungan dan konsultasi.",
        "hubungan_antarumat", "320406", 2, 60, scope="antar", religions=["islam", "kristen"],
        channel="telepon", reporter=("Pihak keluarga", "0857-0000-1411"), confidential=True,
        by="penangan.jabar",
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "mereda", "reason": "Ancaman tidak berlanjut setelah "
                         "mediasi keluarga; belum ada kesepakatan tertulis."}),
            ("monitor", {}),
        ],
    ),
    # ---- ditutup, one reopened afterwards
    DemoCase(
        "Perebutan lahan pemakaman antara dua dusun",
        "Dua dusun memperebutkan batas lahan pemakaman umum setelah longsor menggeser "
        "patok batas. Sempat terjadi saling lempar batu.",
        "pemakaman", "320302", 2, 90, scope="intra", religions=["islam"], channel="surat",
        reporter=("Kepala Desa (surat resmi)", "0263-0000-1512"), by="penangan.jabar",
        legal_stage="pemulihan",
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "damai", "reason": "Batas baru disepakati bersama "
                                                       "aparat desa dan BPN."}),
            ("close", {"reason": "Kesepakatan dijalankan; tidak ada hal yang perlu dipantau."}),
        ],
    ),
    DemoCase(
        "Keributan penggunaan pengeras suara saat perayaan Waisak",
        "Warga sekitar vihara memprotes penggunaan pengeras suara saat perayaan Waisak. "
        "Panitia mengurangi volume setelah ditegur.",
        "hari_besar_simbol", "327309", 1, 120, scope="antar", religions=["buddha", "islam"],
        channel="penyuluh", reporter=("Ketut Arya Wiguna", "0812-0000-1613"),
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "damai", "reason": "Kesepakatan jam dan volume."}),
            ("monitor", {}),
            ("close", {"reason": "Tiga bulan pemantauan tanpa kejadian baru."}),
        ],
    ),
    DemoCase(
        "Klaim ganda kepemilikan masjid jami oleh yayasan dan warga",
        "Yayasan dan warga sama-sama mengklaim hak kelola masjid jami. Sempat ditutup, "
        "lalu muncul lagi saat pemilihan imam baru.",
        "kepengurusan", "327301", 1, 150, village=4, scope="intra", religions=["islam"],
        channel="langsung", reporter=("Ahmad Syarifudin Basri", "0812-0000-1714"),
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "damai", "reason": "Pembagian peran yayasan dan DKM."}),
            ("close", {"reason": "Kesepakatan ditandatangani kedua pihak."}),
            ("reopen", {"reason": "Pemilihan imam baru memicu perselisihan lagi."}),
            ("note", "Penanganan dilanjutkan; jadwal mediasi ulang disusun."),
        ],
    ),
    DemoCase(
        "Penggunaan rumah tinggal sebagai tempat ibadah di Cimanggis",
        "Warga memprotes rumah tinggal yang dipakai untuk kebaktian rutin. Setelah "
        "difasilitasi, jemaat pindah ke gedung yang berizin.",
        "rumah_ibadah", "327602", 2, 200, subcategory="rumah_ibadah_penggunaan",
        scope="antar", religions=["kristen", "islam"], channel="penyuluh",
        reporter=("Siti Maryam Nurjanah", "0812-0000-1815"), by="penangan.jabar",
        steps=[
            (V, {}), (S, {}),
            ("resolve", {"outcome": "damai", "reason": "Jemaat pindah ke gedung berizin."}),
            ("monitor", {}),
            ("close", {"reason": "Tidak ada keberatan baru selama pemantauan."}),
        ],
    ),
    # ---- ditolak
    DemoCase(
        "Isu penculikan anak oleh kelompok agama tertentu",
        "Pesan berantai menyebut adanya penculikan anak oleh kelompok agama tertentu di "
        "Sukasari. Tidak ada laporan orang hilang di Polsek.",
        "ujaran_kebencian", "327301", 1, 14, channel="whatsapp",
        reporter=("Warga (pesan berantai)", ""),
        steps=[("reject", {"reject_reason": "hoaks", "reason": "Sudah dicek ke Polsek dan "
                                                               "kelurahan: tidak ada kejadian."})],
    ),
    DemoCase(
        "Sengketa warisan keluarga yang dilaporkan sebagai konflik agama",
        "Perselisihan pembagian warisan antarsaudara dilaporkan sebagai konflik agama.",
        "lainnya", "327313", 1, 16, channel="telepon",
        reporter=("Rudi Hartono Gunadi", "0812-0000-1916"),
        steps=[("reject", {"reject_reason": "bukan_ksbk", "reason": "Murni sengketa perdata "
                                                                     "keluarga; dirujuk ke PA."})],
    ),
    DemoCase(
        "Laporan ulang: keberatan warga atas rencana gereja di Gegerkalong",
        "Laporan kedua dari warga lain tentang rencana pembangunan gereja yang sama.",
        "rumah_ibadah", "327301", 1, 0.1, village=1, channel="langsung",
        reporter=("Neni Sumarni", "0812-0000-2017"),
        steps=[("reject", {"reject_reason": "duplikat",
                           "duplicate_of": "@Keberatan warga atas rencana pembangunan gereja "
                                           "di Gegerkalong",
                           "reason": "Sudah tercatat sebagai kasus sebelumnya."})],
    ),
]


class Command(BaseCommand):
    help = (
        "Create demo users for every role and synthetic cases in Jawa Barat (32) "
        "through the services. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, print_logins, **options):
        if print_logins:
            self._print_logins()
            return
        self._check_reference_data()
        with transaction.atomic():
            users, new_users = self._users()
            created = self._cases(users)
            seed_early_warning(users)  # reports, risk map, an alert that led to a case (#10)
        total = Case.objects.filter(created_by__username__in=list(users)).count()
        self.stdout.write(
            f"Demo: {new_users} users created ({len(users)} in all), "
            f"{created} cases created ({total} demo cases in all)."
        )
        self._print_logins()

    # ------------------------------------------------------------------ set-up checks

    def _check_reference_data(self):
        if not Region.objects.filter(code=PROVINCE).exists():
            raise CommandError(
                "The regions of Jawa Barat (32) are not loaded: run `manage.py load_regions` "
                "and `manage.py build_units` first (or `make setup`)."
            )
        missing = [c for c in REQUIRED_UNITS if not Unit.objects.filter(code=c).exists()]
        districts = sorted({c.district for c in DEMO_CASES})
        missing += [c for c in districts if not Unit.objects.filter(code=c).exists()]
        if missing:
            raise CommandError(
                f"Units missing: {', '.join(missing)}. Run `manage.py build_units` first."
            )

    # ------------------------------------------------------------------ users

    def _users(self):
        User = get_user_model()
        users: dict = {}
        new = 0
        # One hash for all demo users: hashing is deliberately slow, the password is public.
        password_hash = make_password(DEMO_PASSWORD)
        for username, full_name, unit_code, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name, password=password_hash)
                user.save()
                new += 1
            Membership.objects.get_or_create(
                user=user, unit=Unit.objects.get(code=unit_code), role=role
            )
            forget_grants(user)
            users[username] = user
        return users, new

    # ------------------------------------------------------------------ cases

    def _cases(self, users) -> int:
        titles = [c.title for c in DEMO_CASES]
        assert len(titles) == len(set(titles)), "demo case titles must be unique"
        existing = set(
            Case.objects.filter(created_by__in=users.values(), title__in=titles).values_list(
                "title", flat=True
            )
        )
        created = 0
        now = timezone.now()
        for spec in DEMO_CASES:
            if spec.title in existing:
                continue
            self._create(spec, users, now)
            created += 1
        return created

    def _village(self, spec: DemoCase) -> Region:
        villages = list(Region.objects.filter(parent_id=spec.district).order_by("code")[:10])
        if not villages:
            raise CommandError(f"No villages loaded for district {spec.district}.")
        return villages[min(spec.village, len(villages) - 1)]

    def _create(self, spec: DemoCase, users, now):
        village = self._village(spec)
        reporter = users[spec.by] if spec.by else self._nearest(
            users, village.code, roles={Role.PELAPOR, Role.PENANGAN}, by_area=True
        )
        reported_at = now - timedelta(days=spec.days_ago)
        case = services.create_case(
            actor=reporter,
            title=spec.title,
            chronology=spec.chronology,
            category=spec.category,
            subcategory=spec.subcategory,
            occurred_at=reported_at - timedelta(hours=20),
            reported_at=reported_at,
            location=village.code,
            alert_level=spec.level,
            scope=spec.scope,
            religions=spec.religions,
            source_channel=spec.channel,
            reporter_name=spec.reporter[0],
            reporter_contact=spec.reporter[1],
            address=spec.address,
            confidential=spec.confidential,
            legal_stage=spec.legal_stage,
        )
        for action, payload in spec.steps:
            case.refresh_from_db()
            if action == "note":
                actor = self._nearest(users, case.handling_unit.path,
                                      roles={Role.PENANGAN, Role.KEPALA})
                services.add_note(actor=actor, case=case, body=payload)
                continue
            kwargs = dict(payload)
            if action == "take_over":
                actor = users["kepala.jabar"]
            else:
                actor = self._nearest(users, case.handling_unit.path,
                                      roles=set(TRANSITIONS[action].roles))
            duplicate = kwargs.get("duplicate_of", "")
            if isinstance(duplicate, str) and duplicate.startswith("@"):
                kwargs["duplicate_of"] = Case.objects.get(
                    title=duplicate[1:], created_by__in=users.values()
                )
            case = services.perform_transition(actor=actor, case=case, action=action, **kwargs)
        return case

    @staticmethod
    def _nearest(users, where: str, *, roles: set, by_area: bool = False):
        """The demo user with one of ``roles`` whose unit is nearest above ``where``.

        ``where`` is a unit path (for acting on a case) or, with ``by_area``, a
        region code (for registering one).
        """
        best, best_depth = None, -1
        for username, _name, unit_code, role in DEMO_USERS:
            if role not in roles:
                continue
            unit = Unit.objects.get(code=unit_code)
            if by_area:
                covers = unit.code == "pusat" or where.startswith(unit.code)
            else:
                covers = where.startswith(unit.path)
            depth = len(unit.path)
            if covers and depth > best_depth:
                best, best_depth = users[username], depth
        if best is None:
            raise CommandError(f"No demo user with role {sorted(roles)} covers {where}.")
        return best

    # ------------------------------------------------------------------ output

    def _print_logins(self):
        User = get_user_model()
        present = set(
            User.objects.filter(username__in=[u for u, *_ in DEMO_USERS]).values_list(
                "username", flat=True
            )
        )
        units = {u.code: u.name for u in Unit.objects.filter(code__in=REQUIRED_UNITS)}
        rows = [
            (username, role, units.get(code, code))
            for username, _n, code, role in DEMO_USERS
            if username in present
        ]
        if not rows:
            self.stdout.write("No demo users yet: run `manage.py seed_demo`.")
            return
        width = max(len(r[0]) for r in rows)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  {'username'.ljust(width)}  {'role'.ljust(8)}  {'MFA'.ljust(3)}  unit")
        users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
        for username, role, unit_name in rows:
            needs = "yes" if mfa_required(users[username]) else "-"
            self.stdout.write(
                f"  {username.ljust(width)}  {str(role).ljust(8)}  {needs.ljust(3)}  {unit_name}")
        self.stdout.write("MFA yes: on first login the user sets up an authenticator app")
        self.stdout.write("(TOTP, e.g. Aegis or FreeOTP) and keeps its recovery codes.")
        self.stdout.write("Demo accounts only: never seed them on a production instance.")
