"""Analysts never see the reporter's identity or a NIK in a PDF; handlers do."""

import pytest

from .conftest import (
    REPORTER_CONTACT,
    REPORTER_NAME,
    REPORTER_PARTY,
    VICTIM,
    VICTIM_NIK,
    flat,
)

pytestmark = pytest.mark.django_db

PROTECTED = (REPORTER_NAME, REPORTER_CONTACT, REPORTER_PARTY, VICTIM_NIK, "Gang Mawar 7")


@pytest.mark.parametrize("document", ["analis", "kua_analis"])
def test_analyst_pdf_masks_reporter_identity_and_nik(rendered, document):
    text = flat(rendered.text[document])
    for value in PROTECTED:
        assert value not in text
    assert VICTIM in text  # the rest of the case is there


def test_handler_pdf_shows_them(rendered):
    text = flat(rendered.text["kepala"])
    for value in PROTECTED:
        assert value in text


def test_masking_is_said_out_loud(rendered):
    assert "data pribadi disamarkan" in flat(rendered.text["analis"])
