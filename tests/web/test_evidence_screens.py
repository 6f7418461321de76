"""Attachments through the case page: upload, refused uploads, permission-checked download."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selaras.cases.models import CaseEvent, EventKind
from selaras.evidence import services
from selaras.evidence.models import Attachment
from tests.evidence.conftest import png_bytes


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def stored(media_root) -> list[str]:
    root = media_root / "attachments"
    return [name for _d, _s, names in os.walk(root) for name in names] if root.exists() else []


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def case(make_case):
    return make_case()


def post_upload(client, case, name, data, **extra):
    return client.post(reverse("case-attachment-add", args=[case.number]), {
        "attachment-file": SimpleUploadedFile(name, data), "attachment-kind": "foto",
        "attachment-description": "Foto pagar musala", **extra})


def test_upload_stores_the_file_and_records_its_sha256(case, kepala, login, media_root):
    client = login(kepala)
    response = post_upload(client, case, "pagar.png", png_bytes())
    assert response.status_code == 302 and response.url.endswith("#attachments")
    attachment = Attachment.objects.get(case=case)
    assert attachment.description == "Foto pagar musala" and len(stored(media_root)) == 1
    event = CaseEvent.objects.get(case=case, kind=EventKind.ATTACHMENT)
    assert event.data["sha256"] == attachment.sha256
    html = client.get(response.url).content.decode()
    assert "pagar.png" in html and attachment.sha256[:12] in html
    assert reverse("case-attachment-download", args=[case.number, attachment.pk]) in html


@pytest.mark.parametrize(("name", "data"), [
    ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120)),  # a Windows program
    ("foto.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script>"),
])
def test_disguised_upload_is_refused_with_nothing_stored(name, data, case, kepala, login,
                                                         media_root):
    before = CaseEvent.objects.count()
    response = post_upload(login(kepala), case, name, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_attachment-file"' in html
    assert "Foto pagar musala" in html  # the rest of the form is kept
    assert 'value="foto" checked' in html or '<option value="foto" selected>' in html
    assert not Attachment.objects.exists() and stored(media_root) == []
    assert CaseEvent.objects.count() == before


def test_oversized_upload_is_refused(case, kepala, login, media_root, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = post_upload(login(kepala), case, "pagar.png", png_bytes() + bytes(200))
    assert response.status_code == 400
    assert not Attachment.objects.exists() and stored(media_root) == []


def test_analyst_cannot_upload_and_sees_no_download_link(case, kepala, make_user, login):
    attachment = services.add_attachment(actor=kepala, case=case, kind="foto",
                                         uploaded_file=SimpleUploadedFile("a.png", png_bytes()))
    client = login(make_user("own", "analis"))
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    download = reverse("case-attachment-download", args=[case.number, attachment.pk])
    assert "a.png" in html and download not in html
    assert reverse("case-attachment-add", args=[case.number]) not in html
    assert post_upload(client, case, "b.png", png_bytes()).status_code == 403
    assert client.get(download).status_code == 403
    assert Attachment.objects.count() == 1


def test_download_is_an_attachment_and_404_outside_jurisdiction(case, kepala, make_user,
                                                                 login):
    attachment = services.add_attachment(actor=kepala, case=case, kind="foto",
                                         uploaded_file=SimpleUploadedFile("lokasi.png",
                                                                          png_bytes()))
    url = reverse("case-attachment-download", args=[case.number, attachment.pk])
    response = login(make_user("own", "penangan")).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == png_bytes()
    for key in ("sibling", "other_province"):
        assert login(make_user(key, "kepala")).get(url).status_code == 404, key
    wrong_case_url = reverse("case-attachment-download", args=["KSBK-0000-2026-00001",
                                                               attachment.pk])
    assert login(kepala).get(wrong_case_url).status_code == 404
