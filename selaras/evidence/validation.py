"""What an uploaded attachment may be, decided on its content, never on its name.

An upload is accepted only when

1. its name is a plain file name (no path, no control characters, ≤ 200
   characters) — the name is kept for display only, the stored name is generated;
2. it is not empty and not larger than ``settings.ATTACHMENT_MAX_BYTES``;
3. it is not a program, a script or a markup document (HTML, SVG, XML), whatever
   it is called — those can run code when opened in a browser or on a desktop;
4. its content is one of the ``ALLOWED_TYPES`` below: the type's own signature
   matches, ``puremagic`` (an independent signature database) agrees, and the
   type's structural check passes (a PNG starts with its IHDR chunk, a DOCX is a
   ZIP whose ``[Content_Types].xml`` declares a Word document, plain text is
   valid UTF-8 without HTML in it, …).

The detected type decides the stored extension and the Content-Type the file is
later served with. Each refusal is a ``ValidationError`` under the field
``file`` with a message an official can act on.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import puremagic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selaras.core.errors import ValidationError

FIELD = "file"
MAX_NAME_LENGTH = 200
HEAD_BYTES = 8192
# ZIP-based office files: refuse archives that would expand absurdly (zip bombs
# stop nothing here, since nothing is extracted, but they do stop a later viewer).
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_EXPANDED_BYTES = 500 * 1024 * 1024
MARKUP_IN_TEXT = ("<html", "<script", "<svg", "<iframe", "<object", "<embed")
# Bidirectional-text controls turn "gpj.exe" into something that reads "exe.jpg".
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: [message]})


# --------------------------------------------------------------------------- the name


def clean_filename(name) -> str:
    """The uploaded name, for display only — or a refusal if it is not a plain name."""
    if not isinstance(name, str) or not name.strip():
        raise refuse(_("The file has no name. Give it a name and upload it again."))
    name = unicodedata.normalize("NFC", name.strip())
    if "/" in name or "\\" in name:
        raise refuse(_("The file name must not contain '/' or '\\' (no folders or paths). "
                       "Rename the file and upload it again."))
    if any(unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS for ch in name):
        raise refuse(_("The file name contains control characters. Rename the file and "
                       "upload it again."))
    if not name.strip(". "):
        raise refuse(_("'%(name)s' is not a file name. Rename the file and upload it again.")
                     % {"name": name})
    if len(name) > MAX_NAME_LENGTH:
        raise refuse(_("The file name is too long: at most %(max)d characters (this has "
                       "%(n)d). Rename the file and upload it again.")
                     % {"max": MAX_NAME_LENGTH, "n": len(name)})
    return name


def check_size(size: int) -> None:
    limit = max_bytes()
    if size <= 0:
        raise refuse(_("The file is empty."))
    if size > limit:
        raise refuse(_("The file is too large: at most %(max)s (this one is %(size)s). "
                       "Make it smaller, e.g. a photo at a lower resolution.")
                     % {"max": filesizeformat(limit), "size": filesizeformat(size)})


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


# --------------------------------------------------------------------------- refused content


def _strip_leading(head: bytes) -> bytes:
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom):]
            break
    # UTF-16 markup ("<\x00h\x00…") is still markup: drop the NULs for this test only.
    return head.replace(b"\x00", b"").lstrip()


def _refuse_dangerous(head: bytes) -> None:
    if head.startswith(b"MZ"):
        raise refuse(_("Programs (Windows .exe, .dll) are not allowed as attachments, "
                       "whatever the file is called."))
    if head.startswith((b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                        b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"dex\n")):
        raise refuse(_("Programs are not allowed as attachments, whatever the file is called."))
    if head.startswith(b"#!"):
        raise refuse(_("Scripts are not allowed as attachments, whatever the file is called."))
    if _strip_leading(head[:2048]).startswith(b"<"):
        raise refuse(_("Web pages, SVG images and other markup files are not allowed as "
                       "attachments (they can run scripts), whatever the file is called. "
                       "Save it as PDF instead."))


DANGEROUS_MIME_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
    "application/javascript", "text/javascript", "application/x-msdownload",
    "application/vnd.microsoft.portable-executable", "application/x-executable",
    "application/x-sharedlib", "application/x-mach-binary", "application/x-sh",
    "application/x-python", "application/java-archive", "application/x-ms-shortcut",
    "application/hta",
})


def _magic_candidates(head: bytes) -> list:
    try:
        return list(puremagic.magic_string(head))
    except (puremagic.PureError, ValueError):
        return []


def _refuse_dangerous_by_magic(candidates: list) -> None:
    """puremagic's best guess must not be a program or markup (a second opinion)."""
    if not candidates:
        return
    top = candidates[0]
    if top.mime_type.lower() in DANGEROUS_MIME_TYPES or "executable" in top.name.lower():
        raise refuse(_("This file is a '%(name)s', which is not allowed as an attachment.")
                     % {"name": top.name})


# --------------------------------------------------------------------------- allowed types


@dataclass(frozen=True)
class FileType:
    key: str
    mime_type: str
    extension: str
    label: object
    # Does the start of the file carry this type's signature?
    signature: Callable[[bytes], bool]
    # Raises a refusal if the file is damaged or not really this type.
    structure: Callable[[BinaryIO, bytes, int], None] | None = None
    # What puremagic may call it (extensions or MIME types) for the two to agree.
    magic_names: frozenset[str] = field(default_factory=frozenset)
    # Other extensions a download may keep (else the detected extension is appended).
    aliases: frozenset[str] = field(default_factory=frozenset)

    def download_name(self, original: str) -> str:
        """The original name, made to end in an extension of the detected type.

        "notulen.jpeg" stays; "jalankan.bat" holding plain text becomes
        "jalankan.bat.txt", so a desktop opens it as what it is.
        """
        lowered = original.lower()
        if lowered.endswith(self.extension) or any(lowered.endswith(a) for a in self.aliases):
            return original
        return f"{original}{self.extension}"


def _damaged(label) -> ValidationError:
    return refuse(_("The file looks like %(type)s but is damaged or incomplete. Open it on "
                    "your device, save it again and upload it again.") % {"type": label})


def _check_jpeg(stream, head, size):
    # SOI followed by another marker (APPn, DQT, SOF, …).
    if len(head) < 4 or head[3] < 0xC0:
        raise _damaged("JPEG")


def _check_png(stream, head, size):
    if head[8:16] != b"\x00\x00\x00\rIHDR":
        raise _damaged("PNG")


def _check_webp(stream, head, size):
    if head[12:16] not in (b"VP8 ", b"VP8L", b"VP8X"):
        raise _damaged("WebP")


def _tail(stream, size: int, n: int = 2048) -> bytes:
    stream.seek(max(0, size - n))
    data = stream.read(n)
    stream.seek(0)
    return data


def _check_pdf(stream, head, size):
    if b"%%EOF" not in _tail(stream, size):
        raise _damaged("PDF")


def _is_mpeg_audio_frame(head: bytes) -> bool:
    # 11 sync bits, a known MPEG version, layer III.
    return (len(head) >= 4 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
            and head[1] & 0x18 != 0x08 and head[1] & 0x06 == 0x02 and head[2] & 0xF0 != 0xF0)


def _check_mp3(stream, head, size):
    if head.startswith(b"ID3"):
        # ID3v2 header: version, flags, then a 4-byte "synchsafe" size (7 bits per byte).
        if len(head) < 10 or head[3] not in (2, 3, 4) or any(b & 0x80 for b in head[6:10]):
            raise _damaged("MP3")


def _scan(stream, size: int, needle_re: re.Pattern, chunk: int = 1 << 20) -> set[bytes]:
    """All matches of a short pattern anywhere in the file (chunked, overlapping)."""
    found: set[bytes] = set()
    stream.seek(0)
    carry = b""
    while data := stream.read(chunk):
        window = carry + data
        found.update(m.group(1) for m in needle_re.finditer(window))
        carry = window[-32:]
    stream.seek(0)
    return found


HANDLER_RE = re.compile(rb"hdlr.{8}(soun|vide)", re.DOTALL)


def _check_m4a(stream, head, size):
    brands = {head[8:12]} | {head[i:i + 4] for i in range(16, min(len(head), 64), 4)}
    if not brands & {b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash"}:
        raise refuse(_("Only audio in MPEG-4 files (M4A) is allowed, not this kind of file."))
    handlers = _scan(stream, size, HANDLER_RE)
    if b"vide" in handlers:
        raise refuse(_("Video files are not allowed as attachments; upload the audio only "
                       "(M4A, MP3) or a photo."))
    if b"soun" not in handlers:
        raise _damaged("M4A")


def _check_ogg(stream, head, size):
    if not any(codec in head[:512] for codec in (b"\x01vorbis", b"OpusHead", b"\x7fFLAC",
                                                  b"Speex")):
        raise refuse(_("Only audio in Ogg files is allowed (Vorbis, Opus, FLAC), not video."))


def _check_wav(stream, head, size):
    if head[12:16] not in (b"fmt ", b"JUNK", b"bext", b"LIST", b"fact"):
        raise _damaged("WAV")


OOXML_MAIN = {
    # content type of the main part → (type key, the main part that must exist)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":
        ("docx", "word/"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":
        ("xlsx", "xl/"),
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _is_active_content(name: str) -> bool:
    """Parts of an office file that can carry code: VBA macros, ActiveX controls and
    embedded OLE objects (which may wrap a program). Printer settings (.bin) are fine."""
    lowered = name.lower()
    return ("vbaproject" in lowered or "/activex/" in lowered
            or ("/embeddings/" in lowered and lowered.endswith(".bin"))
            or lowered.startswith("basic/") or lowered.startswith("scripts/"))


def office_type(stream, size: int) -> str:
    """The allowed office format of a ZIP file (docx, xlsx, odt, ods), or a refusal."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            expanded = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or expanded > MAX_ZIP_EXPANDED_BYTES:
                raise refuse(_("This office file is unusually large inside; save it again "
                               "or send it as PDF."))
            names = {i.filename for i in infos}
            if any(_is_active_content(n) for n in names):
                raise refuse(_("Office files with macros, ActiveX controls or embedded "
                               "objects are not allowed. Save it as a normal document "
                               "(.docx, .xlsx) or as PDF."))
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in ODF_MIMETYPES and "content.xml" in names:
                    return ODF_MIMETYPES[mimetype]
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > 1024 * 1024:
                    raise _damaged(_("an office document"))
                content_types = archive.read(info).decode("utf-8", "replace")
                if "macroenabled" in content_types.lower():
                    raise refuse(_("Office files with macros are not allowed. Save it as a "
                                   "normal document (.docx, .xlsx) or as PDF."))
                for main, (key, folder) in OOXML_MAIN.items():
                    if main in content_types and any(n.startswith(folder) for n in names):
                        return key
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, NotImplementedError,
            RuntimeError, OSError):
        raise _damaged(_("an office document")) from None
    finally:
        stream.seek(0)
    raise refuse(_("Only Word and Excel documents (.docx, .xlsx) and OpenDocument text and "
                   "spreadsheets (.odt, .ods) are allowed among ZIP-based files."))


ZIP_MAGIC = frozenset({".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jar",
                       ".xlsb", "application/zip"})


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(prefixes)


def _riff(form: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(b"RIFF") and head[8:12] == form


BINARY_TYPES: tuple[FileType, ...] = (
    FileType("jpeg", "image/jpeg", ".jpg", gettext_lazy("JPEG image"), _starts(b"\xff\xd8\xff"),
             _check_jpeg, frozenset({"image/jpeg"}), frozenset({".jpeg", ".jpe", ".jfif"})),
    FileType("png", "image/png", ".png", gettext_lazy("PNG image"),
             _starts(b"\x89PNG\r\n\x1a\n"), _check_png, frozenset({"image/png"})),
    FileType("webp", "image/webp", ".webp", gettext_lazy("WebP image"), _riff(b"WEBP"),
             _check_webp, frozenset({"image/webp"})),
    FileType("pdf", "application/pdf", ".pdf", gettext_lazy("PDF document"), _starts(b"%PDF-"),
             _check_pdf, frozenset({"application/pdf"})),
    FileType("mp3", "audio/mpeg", ".mp3", gettext_lazy("MP3 audio"),
             lambda head: head.startswith(b"ID3") or _is_mpeg_audio_frame(head),
             _check_mp3, frozenset({"audio/mpeg", ".mp3"})),
    FileType("m4a", "audio/mp4", ".m4a", gettext_lazy("M4A audio"),
             lambda head: head[4:8] == b"ftyp", _check_m4a,
             frozenset({".m4a", ".m4b", ".f4a", ".mp4", ".m4v", "audio/mp4", "video/mp4"})),
    FileType("ogg", "audio/ogg", ".ogg", gettext_lazy("Ogg audio"), _starts(b"OggS"),
             _check_ogg, frozenset({".ogg", ".oga", ".opus", "application/ogg", "audio/ogg"})),
    FileType("wav", "audio/wav", ".wav", gettext_lazy("WAV audio"), _riff(b"WAVE"), _check_wav,
             frozenset({"audio/wav", "audio/x-wav", ".wav"})),
    # ZIP-based office files: which one is decided by ``office_type``.
    FileType("zip", "", "", gettext_lazy("office document"), _starts(b"PK\x03\x04"), None,
             ZIP_MAGIC),
)
OFFICE_TYPES = {
    "docx": FileType("docx", "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document", ".docx", gettext_lazy("Word document"),
                     _starts(b"PK\x03\x04")),
    "xlsx": FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     ".xlsx", gettext_lazy("Excel spreadsheet"), _starts(b"PK\x03\x04")),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", ".odt",
                    gettext_lazy("OpenDocument text"), _starts(b"PK\x03\x04")),
    "ods": FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", ".ods",
                    gettext_lazy("OpenDocument spreadsheet"), _starts(b"PK\x03\x04")),
}
TEXT_TYPE = FileType("text", "text/plain", ".txt", gettext_lazy("plain text"),
                     lambda head: True)

# Every type an attachment may have, by key (for documentation, the UI's hint and tests).
ALLOWED_TYPES: dict[str, FileType] = {
    **{t.key: t for t in BINARY_TYPES if t.key != "zip"},
    **OFFICE_TYPES,
    "text": TEXT_TYPE,
}


def _magic_agrees(file_type: FileType, candidates: list) -> bool:
    for candidate in candidates:
        if candidate.extension.lower() in file_type.magic_names:
            return True
        if candidate.mime_type.lower() in file_type.magic_names:
            return True
    return False


def _check_text(stream, size: int) -> None:
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(_("This type of file is not allowed. %(allowed)s")
                     % {"allowed": allowed_sentence()}) from None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text):
        raise refuse(_("This text file contains control characters; only plain text is "
                       "allowed. Save it as PDF instead."))
    lowered = text.lower()
    if any(tag in lowered for tag in MARKUP_IN_TEXT):
        raise refuse(_("This text file contains web-page code (HTML or script), which is "
                       "not allowed. Save it as PDF instead."))


def detect_type(stream: BinaryIO, size: int) -> FileType:
    """The allowed type of a seekable file of ``size`` bytes, or a ``ValidationError``."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    _refuse_dangerous(head)
    candidates = _magic_candidates(head)
    _refuse_dangerous_by_magic(candidates)
    for file_type in BINARY_TYPES:
        if not file_type.signature(head):
            continue
        if not _magic_agrees(file_type, candidates):
            raise refuse(_("The content of this file does not match a %(type)s file. Open it "
                           "on your device, save it again and upload it again.")
                         % {"type": file_type.label})
        if file_type.key == "zip":
            return OFFICE_TYPES[office_type(stream, size)]
        file_type.structure(stream, head, size)
        return file_type
    try:
        _check_text(stream, size)
    except ValidationError:
        if candidates:
            # puremagic knows what it is, and it is none of ours: say so.
            raise refuse(_("'%(name)s' files are not allowed. %(allowed)s")
                         % {"name": candidates[0].name, "allowed": allowed_sentence()}) from None
        raise
    return TEXT_TYPE


def allowed_sentence() -> str:
    return _("Allowed: photos (JPEG, PNG, WebP), PDF, Word/Excel/OpenDocument files, audio "
             "(MP3, M4A, Ogg, WAV) and plain text (UTF-8).")
