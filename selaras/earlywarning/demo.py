"""Demo data for early warning (called by ``seed_demo``): eight weeks of situation
reports in Kota Bandung, one Si-Rukun signal, weekly snapshots for the trend, and a
risk alert in Sukasari that led to a case. All text is invented.

Idempotent: reports are matched by reporter and note, the signal by its external id,
and the alert's case is opened only once.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from selaras.org.models import Membership, Role, Unit, UnitLevel

from . import services
from .models import RiskAlert, SituationReport

SIRUKUN_USERNAME = "si-rukun"

# (reporter, district, weeks ago, kind, note, ratings). Sukasari heats up, Coblong is
# calm with peace work, 327303 has one flare-up that mediation calms.
REPORTS = [
    ("pelapor.sukasari", "327301", 7, "periodic", "Demo: situasi kondusif, pengajian rutin.",
     {"dialog": 1, "kegiatan_bersama": 2}),
    ("pelapor.sukasari", "327301", 5, "periodic",
     "Demo: selebaran provokatif soal rencana gereja beredar di RW 07.",
     {"provokasi": 1, "ujaran_kebencian": 1}),
    ("pelapor.sukasari", "327301", 3, "periodic",
     "Demo: pesan berantai menolak rencana pembangunan gereja di grup WhatsApp warga.",
     {"provokasi": 1, "ujaran_kebencian": 1}),
    ("pelapor.sukasari", "327301", 1, "periodic",
     "Demo: spanduk penolakan dipasang di RW 07; tokoh agama mengimbau warga tenang.",
     {"provokasi": 1, "penolakan": 1, "seruan_tokoh": 1}),
    ("pelapor.sukasari", "327301", 0, "ad_hoc",
     "Demo: sekelompok warga berkumpul di depan lokasi, dibubarkan RT dan Babinsa.",
     {"mobilisasi": 1, "penolakan": 2}),
    ("pelapor.kotabandung", "327302", 6, "periodic", "Demo: FKUB Coblong menggelar dialog.",
     {"dialog": 2, "mediasi_fkub": 1}),
    ("pelapor.kotabandung", "327302", 2, "periodic", "Demo: kerja bakti lintas iman.",
     {"kegiatan_bersama": 3, "seruan_tokoh": 1}),
    ("pelapor.kotabandung", "327303", 4, "ad_hoc",
     "Demo: hoaks penistaan agama beredar, tokoh agama menenangkan warga.",
     {"ujaran_kebencian": 3, "provokasi": 2, "seruan_tokoh": 2}),
    ("pelapor.kotabandung", "327303", 2, "periodic", "Demo: mediasi FKUB, situasi mereda.",
     {"ujaran_kebencian": 1, "mediasi_fkub": 3, "dialog": 2}),
]


def _sirukun_account():
    """A service account for the demo's Si-Rukun signal (no password, no token)."""
    User = get_user_model()
    user = User.objects.filter(username=SIRUKUN_USERNAME).first()
    if user is None:
        user = User(username=SIRUKUN_USERNAME, full_name="Si-Rukun PKUB (demo)",
                    is_service_account=True)
        user.set_unusable_password()
        user.save()
    pusat = Unit.objects.filter(level=UnitLevel.PUSAT).order_by("pk").first()
    Membership.objects.get_or_create(user=user, unit=pusat, role=Role.PELAPOR)
    return user


def seed(users: dict) -> dict:
    """``users``: the demo users by username (from ``seed_demo``)."""
    now = timezone.now()
    created = 0
    for username, district, weeks_ago, kind, note, ratings in REPORTS:
        reporter = users[username]
        if SituationReport.objects.filter(reporter=reporter, note=note).exists():
            continue
        services.create_report(actor=reporter, district=district, kind=kind, note=note,
                               ratings=ratings,
                               observed_at=now - timedelta(weeks=weeks_ago, hours=3))
        created += 1
    services.record_signal(
        actor=_sirukun_account(), source="si_rukun", external_id="DEMO-2026-0001",
        district="327301", indicator="ujaran_kebencian", rating=2,
        observed_at=now - timedelta(days=4),
        note="Demo: lonjakan unggahan bernada kebencian terkait rencana gereja.")
    services.backfill_snapshots(8, now=now)
    services.recompute(now)
    alert = (RiskAlert.objects.filter(district_id="327301").order_by("-level", "-raised_at")
             .first())
    opened = None
    if alert is not None and not RiskAlert.objects.filter(
            district_id="327301", case__isnull=False).exists():
        suggestion = services.suggested_case(alert)
        opened = services.open_case_for_alert(actor=users["pelapor.sukasari"], alert=alert,
                                              **suggestion)
    return {"reports": created, "alert": alert.pk if alert else None,
            "case": opened.number if opened else None}
