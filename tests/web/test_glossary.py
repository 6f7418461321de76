"""The glossary: every term the brief names has a plain-Indonesian definition and an anchor."""

import pytest
from django.urls import reverse

from selaras.core.glossary import BY_SLUG, TERMS

URL = "/bantuan/istilah/"
REQUIRED = ["ksbk", "tingkat-kewaspadaan", "tahap-penanganan", "status-alur", "kua",
            "kankemenag", "kanwil", "pusat", "fkub", "penyuluh", "eskalasi", "delegasi",
            "tenggat", "kasus-rahasia", "pihak", "dampak", "kesepakatan", "rujukan",
            "deteksi-dini"]


def test_url():
    assert reverse("glossary") == URL


def test_every_required_term_is_defined_once():
    assert set(REQUIRED) <= set(BY_SLUG)
    assert len(BY_SLUG) == len(TERMS)  # no slug twice
    for term in TERMS:
        assert len(term.definition) > 60, term.slug
        assert set(term.see_also) <= set(BY_SLUG), term.slug


def test_alert_levels_and_stages_are_explained_by_name():
    levels = BY_SLUG["tingkat-kewaspadaan"].definition
    assert all(word in levels for word in ("Waspada", "Siaga", "Awas"))
    stages = BY_SLUG["tahap-penanganan"].definition
    assert all(word in stages for word in ("Pencegahan", "Penghentian", "Pemulihan"))
    flow = BY_SLUG["status-alur"].definition
    assert all(word in flow for word in ("Dilaporkan", "Terverifikasi", "Ditangani",
                                         "Selesai", "Pemantauan", "Ditutup"))


@pytest.mark.django_db
def test_the_page_lists_every_term_with_an_anchor_even_for_visitors(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for term in TERMS:
        assert f'id="{term.slug}"' in page and f'href="#{term.slug}"' in page
    assert "Kantor Urusan Agama" in page


@pytest.mark.django_db
def test_the_page_answers_only_get(client):
    assert client.post(URL).status_code == 405


def test_desktop_form_fields_carry_help(db):
    from selaras.cases.forms import IntakeForm

    form = IntakeForm()
    for name in ("title", "chronology", "category", "subcategory", "occurred_on",
                 "occurred_time", "province", "village", "address", "legal_stage",
                 "source_channel", "reporter_name", "reporter_contact", "confidential",
                 "scope", "religions"):
        assert str(form.fields[name].help_text), name


def test_desktop_form_help_links_glossary_terms(pelapor_client):
    page = pelapor_client.get(reverse("case-create")).content.decode()
    for slug in ("tahap-penanganan", "kasus-rahasia", "kua"):
        assert f'href="{URL}#{slug}"' in page
    assert "&lt;a href" not in page  # the links are links, not escaped text


@pytest.fixture
def pelapor_client(make_user, login):
    return login(make_user("child", "pelapor"))
