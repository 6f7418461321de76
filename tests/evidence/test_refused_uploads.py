"""Every refused upload says why, and leaves nothing behind: no row, no event, no file."""

import pytest

from selaras.cases.models import CaseEvent
from selaras.core.errors import ValidationError
from selaras.evidence import services

from .conftest import (
    ACCEPTED,
    content_types,
    m4a_bytes,
    pdf_bytes,
    png_bytes,
    raw_named,
    upload,
    zip_bytes,
)

DISGUISED = {
    "windows program renamed .jpg": ("foto.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120),
                                     "Programs"),
    "linux program renamed .png": ("foto.png", b"\x7fELF\x02\x01\x01" + bytes(120), "Programs"),
    "shell script renamed .txt": ("catatan.txt", b"#!/bin/sh\nrm -rf ~\n", "Scripts"),
    "html renamed .jpg": ("foto.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script>",
                          "Web pages"),
    "html with leading whitespace renamed .pdf": ("surat.pdf", b"\n\n  <html><script>x()</script>",
                                                  "Web pages"),
    "html in utf-16 renamed .jpg": ("foto.jpg", "<html><script>x()</script>".encode("utf-16"),
                                    "Web pages"),
    "svg with script": ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg">'
                        b"<script>alert(1)</script></svg>", "Web pages"),
    "svg renamed .png": ("gambar.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/'
                         b'2000/svg"/>', "Web pages"),
    "text with a script tag": ("catatan.txt", b"Notulen\n<script>alert(1)</script>\n",
                               "web-page code"),
    "text with html": ("catatan.txt", b"Notulen rapat\n<HTML><body>x</body></HTML>",
                       "web-page code"),
    "text that is not utf-8": ("catatan.txt", "Catatan kafé".encode("latin-1") + b"\xff\xfe\xfa",
                               "not allowed"),
    "gif (not on the list)": ("foto.gif", b"GIF89a\x01\x00\x01\x00" + bytes(40), "not allowed"),
    "png header without IHDR": ("foto.png", b"\x89PNG\r\n\x1a\n" + bytes(40), "damaged"),
    "pdf without its end": ("surat.pdf", pdf_bytes().replace(b"%%EOF", b""), "damaged"),
    "plain zip": ("notulen.docx", zip_bytes([("a.txt", "x")]), "ZIP"),
    "word file with macros": ("notulen.docx", zip_bytes([
        ("[Content_Types].xml",
         content_types("application/vnd.ms-word.document.macroEnabled.main+xml")),
        ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "x")]), "macros"),
    "broken zip": ("notulen.docx", b"PK\x03\x04" + bytes(60), "damaged"),
    "video in an m4a": ("rekaman.m4a", m4a_bytes(b"vide"), "Video"),
}


def _refused(case, actor, uploaded, *, kind="foto") -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(actor=actor, case=case, uploaded_file=uploaded, kind=kind)
    return exc.value


@pytest.mark.parametrize("label", sorted(DISGUISED))
def test_disguised_or_unlisted_content_is_refused(label, case, kepala, nothing_stored):
    name, data, says = DISGUISED[label]
    before = CaseEvent.objects.count()
    error = _refused(case, kepala, upload(name, data))
    assert says in " ".join(error.message_dict["file"])
    nothing_stored(before)


def test_oversized_file_is_refused(settings, case, kepala, nothing_stored):
    settings.ATTACHMENT_MAX_BYTES = 1000
    before = CaseEvent.objects.count()
    data = png_bytes() + bytes(2000)
    error = _refused(case, kepala, upload("foto.png", data))
    assert "too large" in error.message_dict["file"][0]
    assert "1000" in error.message_dict["file"][0]
    nothing_stored(before)


def test_size_is_counted_not_believed(settings, case, kepala, nothing_stored):
    """A file that claims to be small but is not is still refused."""
    settings.ATTACHMENT_MAX_BYTES = 1000
    before = CaseEvent.objects.count()
    uploaded = upload("foto.png", png_bytes() + bytes(5000))
    uploaded.size = 10
    error = _refused(case, kepala, uploaded)
    assert "too large" in error.message_dict["file"][0]
    nothing_stored(before)


def test_file_at_the_limit_is_accepted(settings, case, kepala):
    data = png_bytes()
    settings.ATTACHMENT_MAX_BYTES = len(data)
    attachment = services.add_attachment(actor=kepala, case=case,
                                         uploaded_file=upload("foto.png", data), kind="foto")
    assert attachment.size == len(data)


def test_empty_file_is_refused(case, kepala, nothing_stored):
    before = CaseEvent.objects.count()
    error = _refused(case, kepala, upload("kosong.pdf", b""))
    assert error.message_dict["file"] == ["The file is empty."]
    nothing_stored(before)


BAD_NAMES = {
    "../../etc/passwd": "'/'",
    "..\\..\\windows\\win.ini": "'/'",
    "/etc/passwd": "'/'",
    "foto/../../x.png": "'/'",
    "..": "not a file name",
    "foto\x00.png": "control characters",
    "foto\n.png": "control characters",
    "foto\u202egnp.exe": "control characters",
    "a" * 197 + ".png": "too long",
    "   ": "no name",
}


@pytest.mark.parametrize("name", sorted(BAD_NAMES))
def test_bad_file_names_are_refused(name, case, kepala, nothing_stored):
    before = CaseEvent.objects.count()
    error = _refused(case, kepala, raw_named(name, png_bytes()))
    assert BAD_NAMES[name] in error.message_dict["file"][0]
    nothing_stored(before)


def test_name_of_200_characters_is_accepted(case, kepala):
    name = "a" * 196 + ".png"
    attachment = services.add_attachment(actor=kepala, case=case,
                                         uploaded_file=raw_named(name, png_bytes()), kind="foto")
    assert attachment.original_name == name


def test_bad_kind_and_description_are_reported_together(case, kepala, nothing_stored):
    before = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(actor=kepala, case=case, uploaded_file=raw_named("../x", b"x"),
                                kind="video", description="x" * 1001)
    assert set(exc.value.message_dict) == {"kind", "description", "file"}
    nothing_stored(before)


def test_missing_file_is_refused(case, kepala, nothing_stored):
    before = CaseEvent.objects.count()
    error = _refused(case, kepala, None)
    assert "file" in error.message_dict
    nothing_stored(before)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_refusal_after_a_valid_file_leaves_only_that_file(name, case, kepala, stored_files):
    """A refused upload does not disturb what is already stored."""
    make, _type, _ext = ACCEPTED[name]
    kept = services.add_attachment(actor=kepala, case=case, uploaded_file=upload(name, make()),
                                   kind="dokumen")
    _refused(case, kepala, upload("foto.jpg", b"MZ" + bytes(100)))
    assert stored_files() == [kept.stored_name]
