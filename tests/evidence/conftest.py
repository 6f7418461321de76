"""Fixtures for attachment tests: a temporary MEDIA_ROOT and tiny real files.

Every file here is generated in the test: the smallest byte strings each format
accepts, so the tests say exactly what is allowed and what is not.
"""

import io
import os
import struct
import zipfile
import zlib

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from selaras.cases import services as case_services
from selaras.evidence.models import Attachment


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xdb\x00\x43\x00" + bytes(64) + b"\xff\xd9")


def webp_bytes() -> bytes:
    payload = b"VP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", 4 + len(payload)) + b"WEBP" + payload


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def mp3_bytes() -> bytes:
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(413)


def wav_bytes() -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 8000, 1, 8)
    data = bytes(80)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack(
        "<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def ogg_bytes() -> bytes:
    return b"OggS\x00\x02" + bytes(20) + b"\x01\x1e\x01vorbis" + bytes(40)


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def m4a_bytes(handler: bytes = b"soun") -> bytes:
    ftyp = box(b"ftyp", b"M4A \x00\x00\x00\x00M4A isom")
    hdlr = box(b"hdlr", bytes(4) + bytes(4) + handler + bytes(12) + b"\x00")
    return ftyp + box(b"moov", box(b"trak", box(b"mdia", hdlr)))


def zip_bytes(entries: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def content_types(main: str) -> str:
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/content-types"><Override PartName="/main" ContentType="{main}"/></Types>')


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def docx_bytes() -> bytes:
    return zip_bytes([("[Content_Types].xml", content_types(WORD_MAIN)),
                      ("word/document.xml", "<w:document/>")])


def xlsx_bytes() -> bytes:
    return zip_bytes([("[Content_Types].xml", content_types(EXCEL_MAIN)),
                      ("xl/workbook.xml", "<workbook/>")])


def odt_bytes() -> bytes:
    return zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"),
                      ("content.xml", "<office:document-content/>")])


def text_bytes() -> bytes:
    return b"Notulen rapat mediasi, 3 Juni 2025.\nHadir: FKUB, Camat, tokoh masyarakat.\n"


ACCEPTED = {
    # name: (bytes, detected content type, stored extension)
    "foto.png": (png_bytes, "image/png", ".png"),
    "foto.jpg": (jpeg_bytes, "image/jpeg", ".jpg"),
    "foto.webp": (webp_bytes, "image/webp", ".webp"),
    "berita-acara.pdf": (pdf_bytes, "application/pdf", ".pdf"),
    "rekaman.mp3": (mp3_bytes, "audio/mpeg", ".mp3"),
    "rekaman.m4a": (m4a_bytes, "audio/mp4", ".m4a"),
    "rekaman.ogg": (ogg_bytes, "audio/ogg", ".ogg"),
    "rekaman.wav": (wav_bytes, "audio/wav", ".wav"),
    "notulen.docx": (docx_bytes,
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     ".docx"),
    "daftar-hadir.xlsx": (xlsx_bytes,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          ".xlsx"),
    "notulen.odt": (odt_bytes, "application/vnd.oasis.opendocument.text", ".odt"),
    "catatan.txt": (text_bytes, "text/plain", ".txt"),
}


def upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data)


def raw_named(name: str, data: bytes) -> File:
    """A file whose name reaches the service unchanged (SimpleUploadedFile would strip
    the path): how a client other than Django's form parser could hand it over."""
    return File(io.BytesIO(data), name=name)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    """Every file under the attachments storage directory (relative paths)."""

    def listing() -> list[str]:
        root = media_root / "attachments"
        if not root.exists():
            return []
        return sorted(
            os.path.relpath(os.path.join(folder, name), root)
            for folder, _dirs, names in os.walk(root) for name in names
        )

    return listing


@pytest.fixture
def nothing_stored(stored_files):
    """Asserts that no row, no event and no file came into being."""
    from selaras.cases.models import CaseEvent

    def check(before_events: int):
        assert Attachment.objects.count() == 0
        assert stored_files() == []
        assert CaseEvent.objects.count() == before_events

    return check


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def verified_case(case, kepala):
    return case_services.perform_transition(actor=kepala, case=case, action="verify")
