"""Indonesian text and typographic characters survive; the bundled fonts are the ones used;
the document follows the active language."""

import pytest

from .conftest import CHRONOLOGY, flat

pytestmark = pytest.mark.django_db


def test_indonesian_characters_survive(rendered):
    text = flat(rendered.text["kepala"])
    assert "kafé" in text
    assert "“Al-Ikhlas”" in text
    assert "baru — dan" in text
    assert " ".join(CHRONOLOGY.split()) in text


@pytest.mark.parametrize("document", ["kepala", "kua"])
def test_only_the_bundled_fonts_are_embedded(rendered, document):
    fonts = rendered.fonts[document]
    assert fonts
    assert all("Noto-Sans" in font for font in fonts), fonts


def test_pdf_follows_the_active_language(rendered):
    english = flat(rendered.text["english"])
    assert "Page 1 of" in english
    assert "Case report" in english
    assert "Halaman" not in english
    assert "Laporan kasus" in flat(rendered.text["kepala"])
