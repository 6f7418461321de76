"""The starting playbooks: one for every top-level starting category (``cases/vocabulary.py``).

Loaded by ``manage.py seed_playbooks`` (run by ``setup_instance`` before the demo).
Idempotent: a playbook is created, with version 1 published, only if no playbook
with its seed key exists yet — once Pusat has edited a playbook, seeding again
never overwrites it.

Citations. ``verified=True`` only where the article text was checked against a
published text of the regulation (see docs/playbooks.md for the list and what was
checked). Where only the regulation is known and the article could not be checked,
the step says "pasal belum diverifikasi" and ``verified`` is False — Pusat checks
and completes those citations through the editing pages.
"""

from django.db import transaction
from django.utils import timezone

from selaras.cases.models import Category
from selaras.org.models import Role, UnitLevel

from .models import Anchor, Playbook, PlaybookStep, PlaybookVersion, VersionStatus

KUA = UnitLevel.KECAMATAN
KANKEMENAG = UnitLevel.KABKOTA
KANWIL = UnitLevel.PROVINSI
H = 1
DAY = 24

UNVERIFIED = "pasal belum diverifikasi"

PBM_2006 = ("Peraturan Bersama Menteri Agama dan Menteri Dalam Negeri Nomor 9 Tahun 2006 dan "
            "Nomor 8 Tahun 2006")
UU_WAKAF = "Undang-Undang Nomor 41 Tahun 2004 tentang Wakaf"
KUHP = ("Undang-Undang Nomor 1 Tahun 2023 tentang Kitab Undang-Undang Hukum Pidana "
        "(berlaku sejak 2 Januari 2026)")
KMA_332 = ("Keputusan Menteri Agama Nomor 332 Tahun 2023 tentang Sistem Peringatan Dini "
           "Konflik Sosial Berdimensi Keagamaan")
UU_PKS = "Undang-Undang Nomor 7 Tahun 2012 tentang Penanganan Konflik Sosial"

# Citations as (regulation, article, text, verified).
PBM_21_1 = (PBM_2006, "Pasal 21 ayat (1)",
            "Perselisihan akibat pendirian rumah ibadat diselesaikan secara musyawarah oleh "
            "masyarakat setempat.", True)
PBM_21_2 = (PBM_2006, "Pasal 21 ayat (2)",
            "Dalam hal musyawarah tidak tercapai, penyelesaian perselisihan dilakukan oleh "
            "bupati/walikota dibantu kepala kantor departemen agama kabupaten/kota melalui "
            "musyawarah yang dilakukan secara adil dan tidak memihak dengan mempertimbangkan "
            "pendapat atau saran FKUB kabupaten/kota.", True)
PBM_21_3 = (PBM_2006, "Pasal 21 ayat (3)",
            "Dalam hal penyelesaian perselisihan tidak tercapai, penyelesaian perselisihan "
            "dilakukan melalui Pengadilan setempat.", True)
WAKAF_62_1 = (UU_WAKAF, "Pasal 62 ayat (1)",
              "Penyelesaian sengketa perwakafan ditempuh melalui musyawarah untuk mencapai "
              "mufakat.", True)
WAKAF_62_2 = (UU_WAKAF, "Pasal 62 ayat (2) dan Penjelasannya",
              "Apabila penyelesaian sengketa melalui musyawarah tidak berhasil, sengketa dapat "
              "diselesaikan melalui mediasi, arbitrase, atau pengadilan. Penjelasan: mediasi "
              "dengan bantuan mediator yang disepakati para pihak; bila tidak berhasil, ke badan "
              "arbitrase syariah; bila tidak berhasil, ke pengadilan agama dan/atau mahkamah "
              "syar'iyah.", True)
KUHP_300_305 = (KUHP, "Pasal 300–305",
                "Tindak pidana terhadap agama, kepercayaan, dan kehidupan beragama atau "
                "kepercayaan. Pasal mana yang berlaku untuk perbuatan tertentu ditentukan oleh "
                "penyidik dan penuntut umum, bukan oleh Kemenag.", True)
KMA_EWS = (KMA_332, "",
           "Sistem peringatan dini dan Tim Pencegahan Konflik Sosial Berdimensi Keagamaan di "
           f"setiap tingkat (KUA, Kankemenag, Kanwil, Pusat) — {UNVERIFIED}.", False)
PKS_STAGES = (UU_PKS, "Pasal 1 angka 2",
              "Penanganan Konflik mencakup pencegahan konflik, penghentian konflik, dan "
              "pemulihan pascakonflik.", True)
PKS_PREVENTION = (UU_PKS, "Pasal 1 angka 3",
                  "Pencegahan Konflik adalah serangkaian kegiatan untuk mencegah terjadinya "
                  "Konflik dengan peningkatan kapasitas kelembagaan dan sistem peringatan dini.",
                  True)
PKS_STOPPING = (UU_PKS, "Pasal 1 angka 4",
                "Penghentian Konflik adalah serangkaian kegiatan untuk mengakhiri kekerasan, "
                "menyelamatkan korban, membatasi perluasan dan eskalasi Konflik, serta mencegah "
                "bertambahnya jumlah korban dan kerugian harta benda.", True)
PKS_RECOVERY = (UU_PKS, "Pasal 1 angka 5",
                "Pemulihan Pascakonflik adalah serangkaian kegiatan untuk mengembalikan keadaan "
                "dan memperbaiki hubungan yang tidak harmonis dalam masyarakat akibat Konflik "
                "melalui rekonsiliasi, rehabilitasi, dan rekonstruksi.", True)
NONE = ("", "", "", False)


def step(title, guidance, level, role, anchor, hours, evidence="", kind="", legal=NONE):
    regulation, article, text, verified = legal
    if regulation and not verified and UNVERIFIED not in guidance:
        guidance = f"{guidance} (Dasar hukum: {UNVERIFIED}.)"
    return {
        "title": title, "guidance": guidance, "responsible_level": level,
        "responsible_role": role, "anchor": anchor, "offset_hours": hours,
        "evidence_expected": evidence, "evidence_kind": kind, "legal_regulation": regulation,
        "legal_article": article, "legal_text": text, "legal_verified": verified,
    }


# Steps every protocol shares.
def early_warning(what: str):
    return step(
        "Catat laporan sebagai peringatan dini",
        f"Catat {what} sebagai laporan peringatan dini dan beri tahu kepala KUA serta Tim "
        "Pencegahan KSBK kecamatan. Pastikan lokasi, waktu, pihak, dan tingkat kewaspadaan "
        "terisi.",
        KUA, Role.PENANGAN, Anchor.REPORTED, 24 * H, "Laporan awal di sistem", "", KMA_EWS)


def field_check():
    return step(
        "Verifikasi lapangan dan pemetaan pihak",
        "Datangi lokasi atau hubungi tokoh setempat. Petakan pihak yang terlibat, tuntutan "
        "masing-masing, dan risiko meluas. Catat pihak di bagian Pihak pada kasus.",
        KUA, Role.PENANGAN, Anchor.VERIFIED, 3 * DAY, "Catatan kunjungan lapangan", "dokumen",
        PKS_PREVENTION)


def recovery():
    return step(
        "Pemulihan pascakonflik dan pemantauan",
        "Setelah kesepakatan atau putusan, pantau pelaksanaannya bersama FKUB dan tokoh "
        "setempat; dorong rekonsiliasi. Jadwalkan tanggal pemantauan pada kesepakatan.",
        KANKEMENAG, Role.PENANGAN, Anchor.HANDLING_STARTED, 30 * DAY,
        "Laporan pemantauan", "dokumen", PKS_RECOVERY)


def dialogue(topic: str):
    return step(
        "Dialog dan mediasi dengan para pihak",
        f"Fasilitasi dialog para pihak tentang {topic} bersama tokoh agama dan FKUB. Tuangkan "
        "hasilnya dalam notulen yang ditandatangani para pihak.",
        KANKEMENAG, Role.PENANGAN, Anchor.HANDLING_STARTED, 7 * DAY,
        "Notulen dialog/mediasi", "notulen", KMA_EWS)


def police_referral(what: str, anchor=Anchor.VERIFIED, hours=24 * H):
    return step(
        "Rujuk dugaan tindak pidana ke Kepolisian",
        f"Jika ada dugaan tindak pidana terkait agama ({what}), serahkan penanganan pidananya "
        "ke Polres setempat dengan surat pengantar. Kemenag tidak menilai unsur pidana; catat "
        "rujukan di bagian Rujukan pada kasus.",
        KANKEMENAG, Role.KEPALA, anchor, hours, "Surat pengantar ke Kepolisian", "dokumen",
        KUHP_300_305)


SEEDS = [
    {
        "key": "rumah_ibadah", "category": "rumah_ibadah",
        "title": "Perselisihan pendirian/penggunaan rumah ibadah",
        "description": "Urutan penyelesaian menurut PBM 9 & 8 Tahun 2006 Pasal 21: musyawarah "
                       "masyarakat setempat, lalu bupati/wali kota dibantu Kankemenag dengan "
                       "mempertimbangkan pendapat FKUB, lalu pengadilan setempat.",
        "steps": [
            early_warning("keberatan atau penolakan terhadap rumah ibadah"),
            step("Musyawarah masyarakat setempat",
                 "Fasilitasi musyawarah warga, panitia rumah ibadah, pengurus RT/RW dan tokoh "
                 "agama setempat. Ini langkah pertama yang diwajibkan; jangan langsung membawa "
                 "perkara ke pemerintah daerah. Tuangkan hasilnya dalam notulen.",
                 KUA, Role.PENANGAN, Anchor.VERIFIED, 3 * DAY,
                 "Notulen musyawarah yang ditandatangani para pihak", "notulen", PBM_21_1),
            step("Minta pendapat atau saran FKUB kabupaten/kota",
                 "Jika musyawarah tidak mencapai kesepakatan, Kankemenag meminta pendapat atau "
                 "saran tertulis FKUB kabupaten/kota sebagai bahan penyelesaian oleh bupati/wali "
                 "kota.",
                 KANKEMENAG, Role.KEPALA, Anchor.VERIFIED, 7 * DAY,
                 "Pendapat/saran tertulis FKUB", "dokumen", PBM_21_2),
            step("Penyelesaian oleh bupati/wali kota dibantu Kankemenag",
                 "Kepala Kankemenag membantu bupati/wali kota menyelesaikan perselisihan melalui "
                 "musyawarah yang adil dan tidak memihak, dengan mempertimbangkan pendapat FKUB.",
                 KANKEMENAG, Role.KEPALA, Anchor.HANDLING_STARTED, 14 * DAY,
                 "Berita acara musyawarah di pemerintah daerah", "notulen", PBM_21_2),
            step("Bila tetap tidak tercapai: penyelesaian melalui pengadilan setempat",
                 "Jika penyelesaian oleh bupati/wali kota tidak tercapai, jelaskan kepada para "
                 "pihak bahwa jalurnya adalah pengadilan setempat. Catat rujukan dan pantau.",
                 KANKEMENAG, Role.KEPALA, Anchor.HANDLING_STARTED, 30 * DAY,
                 "Catatan rujukan/informasi jalur pengadilan", "dokumen", PBM_21_3),
            recovery(),
        ],
    },
    {
        "key": "sengketa_wakaf", "category": "sengketa_wakaf",
        "title": "Sengketa wakaf",
        "description": "Urutan penyelesaian menurut UU 41/2004 Pasal 62: musyawarah untuk "
                       "mufakat, lalu mediasi, arbitrase (syariah) atau pengadilan (agama).",
        "steps": [
            early_warning("sengketa atas tanah atau harta benda wakaf"),
            step("Kumpulkan dokumen wakaf",
                 "Kumpulkan akta ikrar wakaf, sertifikat tanah wakaf dan data nazhir; cocokkan "
                 "dengan SIWAK (tautkan di bagian Tautan registri pada kasus).",
                 KUA, Role.PENANGAN, Anchor.VERIFIED, 3 * DAY,
                 "Salinan AIW/sertifikat wakaf", "dokumen"),
            step("Musyawarah untuk mencapai mufakat",
                 "Fasilitasi musyawarah antara nazhir, wakif atau ahli warisnya, dan pihak yang "
                 "bersengketa. Tuangkan hasilnya dalam notulen.",
                 KUA, Role.PENANGAN, Anchor.VERIFIED, 7 * DAY,
                 "Notulen musyawarah", "notulen", WAKAF_62_1),
            step("Mediasi dengan mediator yang disepakati",
                 "Jika musyawarah tidak berhasil, tawarkan mediasi dengan mediator yang "
                 "disepakati para pihak.",
                 KANKEMENAG, Role.PENANGAN, Anchor.HANDLING_STARTED, 14 * DAY,
                 "Notulen mediasi", "notulen", WAKAF_62_2),
            step("Bila mediasi gagal: arbitrase syariah atau pengadilan agama",
                 "Jelaskan kepada para pihak jalur badan arbitrase syariah dan, bila tidak "
                 "berhasil, pengadilan agama/mahkamah syar'iyah. Catat rujukan pada kasus.",
                 KANKEMENAG, Role.KEPALA, Anchor.HANDLING_STARTED, 30 * DAY,
                 "Catatan rujukan", "dokumen", WAKAF_62_2),
            recovery(),
        ],
    },
    {
        "key": "penodaan_agama", "category": "penodaan_agama",
        "title": "Dugaan penodaan agama",
        "description": "Tindak pidana terhadap agama ditangani Kepolisian (KUHP baru, UU 1/2023, "
                       "Pasal 300–305, berlaku sejak 2 Januari 2026); Kemenag menjaga agar "
                       "konflik tidak meluas dan memulihkan hubungan.",
        "steps": [
            step("Cegah pengerahan massa dan main hakim sendiri",
                 "Hubungi tokoh agama dan aparat setempat untuk menenangkan warga; pastikan tidak "
                 "ada persekusi terhadap terlapor maupun pelapor.",
                 KUA, Role.PENANGAN, Anchor.REPORTED, 24 * H,
                 "Catatan koordinasi", "dokumen", PKS_STOPPING),
            police_referral("penodaan agama"),
            step("Libatkan Tim Pencegahan KSBK dan FKUB",
                 "Kankemenag mengaktifkan Tim Pencegahan KSBK dan berkoordinasi dengan FKUB untuk "
                 "meredam ketegangan selama proses hukum berjalan.",
                 KANKEMENAG, Role.KEPALA, Anchor.VERIFIED, 3 * DAY,
                 "Notulen rapat koordinasi", "notulen", KMA_EWS),
            recovery(),
        ],
    },
    {
        "key": "paham_aliran", "category": "paham_aliran",
        "title": "Perselisihan paham/aliran keagamaan",
        "description": "Klarifikasi dan dialog lebih dahulu; dugaan tindak pidana diserahkan ke "
                       "Kepolisian.",
        "steps": [
            early_warning("keresahan atas paham atau aliran keagamaan"),
            field_check(),
            step("Klarifikasi dan dialog dengan kelompok",
                 "Undang pimpinan kelompok untuk klarifikasi ajaran dan kegiatannya, bersama "
                 "tokoh agama setempat. Hindari penghakiman di depan umum.",
                 KANKEMENAG, Role.PENANGAN, Anchor.VERIFIED, 7 * DAY,
                 "Notulen klarifikasi", "notulen"),
            police_referral("bila ada", anchor=Anchor.HANDLING_STARTED, hours=14 * DAY),
            recovery(),
        ],
    },
]

GENERIC = [
    ("kegiatan_penyiaran", "Perselisihan kegiatan/penyiaran agama",
     "keberatan atas kegiatan atau penyiaran agama", "kegiatan atau penyiaran agama"),
    ("kepengurusan", "Sengketa kepengurusan masjid/lembaga keagamaan",
     "sengketa kepengurusan masjid atau lembaga keagamaan", "kepengurusan yang sah"),
    ("pemakaman", "Perselisihan pemakaman",
     "penolakan atau perselisihan pemakaman", "tempat dan tata cara pemakaman"),
    ("hubungan_antarumat", "Hubungan antarumat dan perkawinan",
     "ketegangan hubungan antarumat atau perkawinan", "hubungan antarumat"),
    ("ujaran_kebencian", "Ujaran kebencian/hoaks keagamaan daring",
     "konten kebencian atau hoaks keagamaan", "konten yang beredar dan klarifikasinya"),
    ("hari_besar_simbol", "Hari besar dan simbol keagamaan",
     "perselisihan hari besar atau simbol keagamaan", "perayaan dan penggunaan simbol"),
    ("lainnya", "Penanganan umum KSBK",
     "konflik sosial berdimensi keagamaan", "pokok perselisihan"),
]

for code, title, what, topic in GENERIC:
    steps = [early_warning(what), field_check(), dialogue(topic)]
    if code == "ujaran_kebencian":
        steps.append(police_referral("ujaran kebencian terhadap agama"))
    steps.append(recovery())
    SEEDS.append({
        "key": code, "category": code, "title": title,
        "description": "Tahapan UU 7/2012 (pencegahan, penghentian, pemulihan pascakonflik) "
                       "dengan sistem peringatan dini KMA 332/2023.",
        "steps": steps,
    })


def seed_playbooks() -> int:
    """Create the missing seeded playbooks (version 1, published); returns how many."""
    created = 0
    categories = set(Category.objects.values_list("code", flat=True))
    now = timezone.now()
    for seed in SEEDS:
        if seed["category"] not in categories:
            continue
        if Playbook.objects.filter(seed_key=seed["key"]).exists():
            continue
        if Playbook.objects.filter(category_id=seed["category"],
                                   alert_level__isnull=True).exists():
            continue  # Pusat made its own playbook for this category
        with transaction.atomic():
            playbook = Playbook.objects.create(
                category_id=seed["category"], title=seed["title"],
                description=seed["description"], seed_key=seed["key"])
            version = PlaybookVersion.objects.create(
                playbook=playbook, number=1, status=VersionStatus.PUBLISHED, published_at=now,
                change_note="Versi awal (seed).")
            PlaybookStep.objects.bulk_create(
                PlaybookStep(version=version, position=position, **fields)
                for position, fields in enumerate(seed["steps"], start=1)
            )
        created += 1
    return created
