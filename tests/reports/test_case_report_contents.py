"""The case report holds what an office files: identity, parties, handling, timeline, footer."""

import pytest

from .conftest import (
    ACTION_OUTCOME,
    AGREEMENT_TERMS,
    ESCALATION_REASON,
    GROUP,
    KEPALA_KOTA,
    TITLE,
    VICTIM,
    flat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(rendered):
    return flat(rendered.text["kepala"])


def test_is_a_pdf(rendered):
    assert rendered.pdf["kepala"].startswith(b"%PDF-")


def test_case_identity(rendered, text):
    assert rendered.case_number in text
    assert TITLE in text
    assert "Pendirian/penggunaan rumah ibadah" in text  # category, Indonesian label


def test_header_names_the_ministry_and_the_handling_office(text):
    assert "KEMENTERIAN AGAMA REPUBLIK INDONESIA" in text
    assert "KANKEMENAG KOTA BANDUNG" in text  # handling office after the escalation


def test_location_has_full_region_names_province_to_village(text):
    for name in ("Jawa Barat", "Kota Bandung", "Sukasari", "Sukarasa"):
        assert name in text


def test_parties_actions_agreements_referrals(text):
    assert GROUP in text
    assert VICTIM in text
    assert ACTION_OUTCOME in text
    assert AGREEMENT_TERMS in text
    assert "B-17/FKUB/2025" in text  # the referral's reference number


def test_timeline_is_in_plain_indonesian_sentences(text):
    assert "Diverifikasi oleh" in text
    assert ESCALATION_REASON in text  # the escalation and its reason


def test_every_page_has_its_number_and_the_generating_user(rendered):
    pages = rendered.pages["kepala"]
    text = flat(rendered.text["kepala"])
    assert "Halaman 1 dari" in text
    for number in range(1, pages + 1):
        assert f"Halaman {number} dari {pages}" in text
    assert text.count(f"oleh {KEPALA_KOTA}") >= pages
    assert "WIB" in text
