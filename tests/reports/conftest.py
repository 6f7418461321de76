"""One case carried through handling, its PDFs rendered once per test session.

Rendering a PDF takes a few hundred milliseconds, so the scenario is built and
every document rendered (and its text extracted) in one session-scoped fixture,
inside a transaction that is rolled back at the end: the tests only read the
resulting text and leave nothing in the database.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone, translation
from pypdf import PdfReader

from selaras.cases import services as case_services
from selaras.handling import services as handling
from selaras.org.models import Membership, Unit
from selaras.parties import services as party_services
from selaras.reports.case_pdf import render_case_report
from selaras.reports.level_report import render_level_report

VILLAGE = "3273011001"  # Sukarasa, Kec. Sukasari, Kota Bandung (tests/conftest.py)

TITLE = "Sengketa pengelolaan musala “Al-Ikhlas” — RW 03"
CHRONOLOGY = (
    "Warga RW 03 berselisih tentang pengelolaan musala setelah rapat di kafé dekat pasar. "
    "Sebagian warga menolak pengurus baru — dan menuntut musyawarah ulang."
)
REPORTER_NAME = "Budi Santoso"
REPORTER_CONTACT = "0812-0000-1111"
REPORTER_PARTY = "Rahmat Hidayat"  # a person registered as the reporter party
VICTIM = "Dewi Lestari"
VICTIM_NIK = "3273014501900001"  # synthetic
GROUP = "Pengurus Musala Al-Ikhlas"
ACTION_OUTCOME = "Mediasi di balai RW menghasilkan kesepakatan bersama untuk musyawarah ulang."
AGREEMENT_TERMS = "Pemilihan pengurus musala diulang melalui musyawarah warga RW 03."
ESCALATION_REASON = "Massa dari luar kecamatan mulai berdatangan; mohon pendampingan Kankemenag."
KEPALA_KUA = "Hj. Siti Aminah"
KEPALA_KOTA = "Drs. Ahmad Fauzi"
ANALIS = "Rina Kartika"


@dataclass
class Rendered:
    case_number: str = ""
    pdf: dict[str, bytes] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    fonts: dict[str, set[str]] = field(default_factory=dict)


def pdf_text(data: bytes) -> tuple[str, int, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return text, len(reader.pages), fonts


def _user(username: str, full_name: str, unit_code: str, role: str):
    user = get_user_model().objects.create(username=username, full_name=full_name)
    Membership.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return user


def build_and_render() -> Rendered:
    kua_head = _user("rpt_kepala_kua", KEPALA_KUA, "327301", "kepala")
    city_head = _user("rpt_kepala_kota", KEPALA_KOTA, "3273", "kepala")
    analyst = _user("rpt_analis", ANALIS, "3273", "analis")

    case = case_services.create_case(
        actor=kua_head, title=TITLE, chronology=CHRONOLOGY, category="rumah_ibadah",
        occurred_at=timezone.now() - timedelta(days=3), location=VILLAGE, alert_level=1,
        reporter_name=REPORTER_NAME, reporter_contact=REPORTER_CONTACT,
        address="Jl. Sukasari No. 3",
    )
    case = case_services.perform_transition(actor=kua_head, case=case, action="verify")

    group, _ = party_services.create_party(actor=kua_head, kind="kelompok", name=GROUP,
                                           region="327301", religion="islam")
    victim, _ = party_services.create_party(actor=kua_head, kind="perorangan", name=VICTIM,
                                            region=VILLAGE, nik=VICTIM_NIK,
                                            address="Gang Mawar 7")
    reporter, _ = party_services.create_party(actor=kua_head, kind="perorangan",
                                              name=REPORTER_PARTY, region=VILLAGE)
    for party, role in ((group, "pengadu"), (victim, "korban"), (reporter, "pelapor")):
        party_services.link_party_to_case(actor=kua_head, case=case, party=party, role=role)

    yesterday = timezone.localdate() - timedelta(days=1)
    handling.record_action(actor=kua_head, case=case, type="mediasi", date=yesterday,
                           place="Balai RW 03", participants=[group, victim, reporter],
                           outcome=ACTION_OUTCOME, next_step="Pantau pelaksanaan.")
    case.refresh_from_db()
    handling.set_impact(actor=kua_head, case=case, injured=2,
                        property_damaged_kind="Pagar musala")
    handling.record_agreement(actor=kua_head, case=case, parties=[group, victim],
                              terms=AGREEMENT_TERMS, signed_on=yesterday,
                              follow_up_dates=[timezone.localdate() + timedelta(days=14)])
    handling.create_referral(actor=kua_head, case=case, agency="fkub", referred_on=yesterday,
                             reference_number="B-17/FKUB/2025")
    case = case_services.perform_transition(actor=kua_head, case=case, action="escalate",
                                            reason=ESCALATION_REASON)

    out = Rendered(case_number=case.number)
    with translation.override("id"):
        out.pdf["kepala"] = render_case_report(case=case, user=city_head)
        out.pdf["analis"] = render_case_report(case=case, user=analyst)
        out.pdf["kua"] = render_level_report(case=case, user=city_head, level="kua")
        out.pdf["kanwil"] = render_level_report(case=case, user=city_head, level="kanwil")
        out.pdf["kua_analis"] = render_level_report(case=case, user=analyst, level="kua")
    with translation.override("en"):
        out.pdf["english"] = render_case_report(case=case, user=city_head)
    for key, data in out.pdf.items():
        out.text[key], out.pages[key], out.fonts[key] = pdf_text(data)
    return out


@pytest.fixture(scope="session")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    """The rendered documents. Modules using it must be marked ``django_db``: pytest-django
    only creates the test database when a collected test asks for one."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"not a test database: {name}"
    with django_db_blocker.unblock(), transaction.atomic():
        result = build_and_render()
        transaction.set_rollback(True)
    return result


def flat(text: str) -> str:
    """Text with line breaks folded to spaces (pypdf breaks lines where the PDF does)."""
    return " ".join(text.split())
