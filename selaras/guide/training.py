"""The training dataset (``manage.py seed_training``): practice accounts for every role and
practice cases in several states, all clearly fictitious ("Latihan" everywhere).

Meant for a training instance only (``TRAINING_MODE=true``, its own database): the command
refuses to run otherwise unless forced, so a real database never gets training rows. Every
case is made through the services (``create_case``, ``perform_transition``, ``add_note``),
so timelines, deadlines and audit rows are what real use would produce. Idempotent: users
are matched by username, cases by title among the cases of the training users.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from selaras.cases import services
from selaras.cases.models import Case
from selaras.cases.workflow import TRANSITIONS
from selaras.core.errors import ValidationError
from selaras.org.jurisdiction import forget_grants
from selaras.org.models import Membership, Role, Unit
from selaras.regions.models import Region

TRAINING_PASSWORD = "latihan-selaras-2026"
PRACTICE_DISTRICT = "327301"  # Kec. Sukasari, Kota Bandung (KUA Sukasari)
PRACTICE_VILLAGE = "3273011001"  # Kel. Sukarasa


@dataclass(frozen=True)
class TrainingUser:
    username: str
    full_name: str
    unit_code: str
    role: str
    office: str  # Indonesian office name for the guide


# Names are invented and say "Latihan" so nobody mistakes them for real officials.
TRAINING_USERS = [
    TrainingUser("latihan.pelapor", "Pelapor Latihan Sukasari", "327301", Role.PELAPOR,
                 "KUA Sukasari"),
    TrainingUser("latihan.penangan.kua", "Penangan Latihan Sukasari", "327301", Role.PENANGAN,
                 "KUA Sukasari"),
    TrainingUser("latihan.kepala.kua", "Kepala KUA Latihan Sukasari", "327301", Role.KEPALA,
                 "KUA Sukasari"),
    TrainingUser("latihan.penangan.kota", "Penangan Latihan Kota Bandung", "3273",
                 Role.PENANGAN, "Kankemenag Kota Bandung"),
    TrainingUser("latihan.kepala.kota", "Kepala Kankemenag Latihan Kota Bandung", "3273",
                 Role.KEPALA, "Kankemenag Kota Bandung"),
    TrainingUser("latihan.kepala.kanwil", "Kepala Kanwil Latihan Jawa Barat", "32", Role.KEPALA,
                 "Kanwil Jawa Barat"),
    TrainingUser("latihan.analis", "Analis Latihan Jawa Barat", "32", Role.ANALIS,
                 "Kanwil Jawa Barat"),
    TrainingUser("latihan.admin", "Admin Latihan Pusat", "pusat", Role.ADMIN, "Pusat"),
    TrainingUser("latihan.auditor", "Auditor Latihan Pusat", "pusat", Role.AUDITOR, "Pusat"),
]
REQUIRED_UNITS = sorted({u.unit_code for u in TRAINING_USERS})


@dataclass
class PracticeCase:
    title: str
    chronology: str
    category: str
    level: int
    days_ago: float
    village: int = 0  # index of the village in Kec. Sukasari, by code (0 = Sukarasa)
    religions: list = field(default_factory=list)
    scope: str = "antar"
    reporter: tuple = ("Warga Latihan", "0812-0000-0000")
    steps: list = field(default_factory=list)  # ("action", {kwargs}) or ("note", "text")


PRACTICE_CASES = [
    PracticeCase(
        "[LATIHAN] Keberatan warga atas renovasi musala di RW 03",
        "Data latihan, bukan kejadian nyata. Beberapa warga RW 03 Kelurahan Sukarasa "
        "menyampaikan keberatan kepada ketua RT atas renovasi musala yang menutup sebagian "
        "jalan gang. Pengurus musala meminta musyawarah. Belum ada pengerahan massa.",
        "rumah_ibadah", 1, 0.3, religions=["islam"], scope="intra",
        reporter=("Warga Latihan Satu", "0812-0000-0001"),
    ),
    PracticeCase(
        "[LATIHAN] Perselisihan jadwal pemakaian balai warga",
        "Data latihan, bukan kejadian nyata. Pengurus majelis taklim dan jemaat gereja rumah "
        "berselisih soal jadwal pemakaian balai warga pada hari Minggu pagi.",
        "rumah_ibadah", 1, 2, village=1, religions=["islam", "kristen"],
        reporter=("Warga Latihan Dua", "0812-0000-0002"),
        steps=[("verify", {})],
    ),
    PracticeCase(
        "[LATIHAN] Sengketa kepengurusan DKM Masjid Latihan",
        "Data latihan, bukan kejadian nyata. Dua kubu pengurus DKM Masjid Latihan sama-sama "
        "mengklaim kepengurusan yang sah setelah musyawarah jamaah tidak mencapai mufakat.",
        "kepengurusan", 1, 5, village=2, religions=["islam"], scope="intra",
        reporter=("Warga Latihan Tiga", "0812-0000-0003"),
        steps=[("verify", {}), ("start", {}),
               ("note", "Latihan: mediasi pertama di KUA dihadiri kedua kubu; belum sepakat.")],
    ),
    PracticeCase(
        "[LATIHAN] Penolakan kegiatan doa bersama lintas agama",
        "Data latihan, bukan kejadian nyata. Sekelompok orang dari luar kelurahan menolak "
        "rencana doa bersama lintas agama di lapangan kelurahan dan mengancam membubarkannya.",
        "kegiatan_penyiaran", 1, 7, religions=["islam", "kristen", "buddha"],
        reporter=("Warga Latihan Empat", "0812-0000-0004"),
        steps=[("verify", {}), ("start", {}),
               ("escalate", {"reason": "Latihan: pihak penolak berasal dari luar kecamatan; "
                                       "perlu koordinasi tingkat kota."})],
    ),
    PracticeCase(
        "[LATIHAN] Keluhan pengeras suara rumah ibadah",
        "Data latihan, bukan kejadian nyata. Warga mengeluhkan volume pengeras suara pada "
        "dini hari; pengurus rumah ibadah bersedia berdialog.",
        "kegiatan_penyiaran", 1, 20, village=3, religions=["islam"], scope="intra",
        reporter=("Warga Latihan Lima", "0812-0000-0005"),
        steps=[("verify", {}), ("start", {}),
               ("resolve", {"outcome": "damai", "reason": "Latihan: disepakati volume dan "
                                                          "jadwal pengeras suara."})],
    ),
    PracticeCase(
        "[LATIHAN] Unggahan provokatif di grup WhatsApp warga",
        "Data latihan, bukan kejadian nyata. Pesan berantai yang menuding satu kelompok "
        "pengajian sesat dibagikan ulang di beberapa grup WhatsApp warga.",
        "ujaran_kebencian", 2, 1, village=4, religions=["islam"], scope="intra",
        reporter=("Warga Latihan Enam", "0812-0000-0006"),
    ),
]


class TrainingRefused(Exception):
    """Raised when seeding is attempted on an instance that is not in training mode."""


def check_allowed(force: bool = False) -> None:
    if not (getattr(settings, "TRAINING_MODE", False) or force):
        raise TrainingRefused(
            "Refusing to seed training data: TRAINING_MODE is off. Run it on a training "
            "instance (TRAINING_MODE=true, its own database) or pass --force."
        )


def check_reference_data() -> list[str]:
    """What is missing for the training data (empty when everything is there)."""
    missing = [c for c in REQUIRED_UNITS if not Unit.objects.filter(code=c).exists()]
    if not Region.objects.filter(parent_id=PRACTICE_DISTRICT).exists():
        missing.append(f"villages of {PRACTICE_DISTRICT}")
    return missing


@transaction.atomic
def seed(*, force: bool = False) -> dict:
    """Create the training users and cases that do not exist yet; returns counts."""
    check_allowed(force)
    users, new_users = _users()
    new_cases = _cases(users)
    return {"users": new_users, "cases": new_cases, "all_users": len(users)}


def _users():
    User = get_user_model()
    users, new = {}, 0
    password_hash = make_password(TRAINING_PASSWORD)  # one hash: the password is public
    for spec in TRAINING_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, full_name=spec.full_name, password=password_hash)
            user.save()
            new += 1
        Membership.objects.get_or_create(
            user=user, unit=Unit.objects.get(code=spec.unit_code), role=spec.role
        )
        forget_grants(user)
        users[spec.username] = user
    return users, new


def _cases(users) -> int:
    titles = [c.title for c in PRACTICE_CASES]
    existing = set(Case.objects.filter(
        created_by__in=users.values(), title__in=titles
    ).values_list("title", flat=True))
    villages = list(Region.objects.filter(parent_id=PRACTICE_DISTRICT).order_by("code")[:10])
    now = timezone.now()
    created = 0
    for spec in PRACTICE_CASES:
        if spec.title in existing:
            continue
        _create(spec, users, villages[min(spec.village, len(villages) - 1)], now)
        created += 1
    return created


def _create(spec: PracticeCase, users, village, now):
    reported_at = now - timedelta(days=spec.days_ago)
    case = services.create_case(
        actor=users["latihan.pelapor"], title=spec.title, chronology=spec.chronology,
        category=spec.category, occurred_at=reported_at - timedelta(hours=12),
        reported_at=reported_at, location=village.code, alert_level=spec.level,
        scope=spec.scope, religions=spec.religions, source_channel="langsung",
        reporter_name=spec.reporter[0], reporter_contact=spec.reporter[1],
    )
    for action, payload in spec.steps:
        case.refresh_from_db()
        if action == "note":
            actor = _nearest(users, case.handling_unit.path, {Role.PENANGAN, Role.KEPALA})
            services.add_note(actor=actor, case=case, body=payload)
            continue
        actor = _nearest(users, case.handling_unit.path, set(TRANSITIONS[action].roles),
                         prefer=Role.KEPALA if Role.KEPALA in TRANSITIONS[action].roles else None)
        case = services.perform_transition(actor=actor, case=case, action=action, **payload)
    return case


def _nearest(users, unit_path: str, roles: set, prefer=None):
    """The training user with one of ``roles`` in the deepest unit covering ``unit_path``."""
    best, best_key = None, None
    for spec in TRAINING_USERS:
        if spec.role not in roles:
            continue
        unit = Unit.objects.get(code=spec.unit_code)
        if not unit_path.startswith(unit.path):
            continue
        key = (len(unit.path), spec.role == prefer)
        if best_key is None or key > best_key:
            best, best_key = users[spec.username], key
    if best is None:
        raise ValidationError({"__all__": [f"No training user with {sorted(roles)} for "
                                           f"{unit_path}."]})
    return best
