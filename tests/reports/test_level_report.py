"""Report forms per level: addressed up the office tree, filled from the case."""

import pytest

from .conftest import ACTION_OUTCOME, ESCALATION_REASON, GROUP, KEPALA_KUA, flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def kua(rendered):
    return flat(rendered.text["kua"])


@pytest.fixture
def kanwil(rendered):
    return flat(rendered.text["kanwil"])


def test_is_a_pdf(rendered):
    assert rendered.pdf["kua"].startswith(b"%PDF-")


def test_kua_report_goes_from_the_kua_to_the_head_of_its_kankemenag(kua):
    assert "Laporan KUA" in kua
    assert "Kepala Kankemenag Kota Bandung" in kua
    assert "Dari : KUA Kecamatan Sukasari" in kua


def test_kua_report_carries_the_escalation_reason_as_its_request(kua):
    assert ESCALATION_REASON in kua


def test_kua_report_summarises_the_case(rendered, kua):
    assert rendered.case_number in kua
    assert "Jawa Barat › Kota Bandung › Sukasari › Sukarasa" in kua  # where
    assert GROUP in kua  # who
    assert "2 luka-luka" in kua  # impacts
    assert ACTION_OUTCOME in kua  # actions taken
    assert "Tingkat 1 — Waspada" in kua  # the sender's assessment: alert level …
    assert "Pencegahan" in kua  # … and legal stage


def test_signature_block_for_the_head_with_place_and_date(kua):
    assert "Kepala KUA Kecamatan Sukasari," in kua
    assert KEPALA_KUA in kua  # the office has exactly one head
    assert "Sukasari, " in kua
    assert "Halaman 1 dari" in kua


def test_kanwil_report_goes_to_pusat_without_the_kua_request(kanwil):
    assert "Kanwil Kemenag Provinsi Jawa Barat" in kanwil
    assert "Direktur Urusan Agama Islam dan Bina Syariah" in kanwil
    # The KUA's escalation is the KUA's request, not the Kanwil's.
    assert ESCALATION_REASON not in kanwil
