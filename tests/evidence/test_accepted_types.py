"""Allowed types are accepted on their content, stored under a generated name with the
extension of the detected type, and the SHA-256 goes into the timeline."""

import hashlib

import pytest

from selaras.cases.models import CaseEvent, EventKind
from selaras.evidence import services
from selaras.evidence.models import Attachment
from selaras.evidence.storage import attachment_storage

from .conftest import ACCEPTED, upload


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_allowed_type_is_stored_with_its_hash_in_the_timeline(name, case, kepala, stored_files):
    make, content_type, extension = ACCEPTED[name]
    data = make()
    version = case.version

    attachment = services.add_attachment(actor=kepala, case=case, uploaded_file=upload(name, data),
                                         kind="dokumen", description="Bukti dari lapangan")

    attachment.refresh_from_db()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == kepala
    # Generated name: uuid hex + the detected type's extension, nothing of the user's name.
    assert stored_files() == [attachment.stored_name]
    folder, filename = attachment.stored_name.split("/")
    assert filename.endswith(extension) and len(filename) == 32 + len(extension)
    assert filename.startswith(folder)
    with attachment_storage().open(attachment.stored_name, "rb") as handle:
        assert handle.read() == data

    event = CaseEvent.objects.filter(case=case).latest("id")
    assert (event.kind, event.action, event.actor) == (EventKind.ATTACHMENT, "added", kepala)
    assert event.data["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.data["attachment_id"] == attachment.pk
    assert event.data["file_name"] == name
    case.refresh_from_db()
    assert case.version == version + 1


def test_the_name_does_not_decide_the_type(case, kepala):
    """A real PNG called .pdf is stored and served as PNG."""
    make, _type, _ext = ACCEPTED["foto.png"]
    attachment = services.add_attachment(actor=kepala, case=case,
                                         uploaded_file=upload("surat.pdf", make()), kind="foto")
    assert attachment.content_type == "image/png"
    assert attachment.stored_name.endswith(".png")
    assert attachment.download_name == "surat.pdf.png"


def test_text_keeps_a_matching_name_and_gets_its_extension_otherwise(case, kepala):
    make, _type, _ext = ACCEPTED["catatan.txt"]
    same = services.add_attachment(actor=kepala, case=case,
                                   uploaded_file=upload("catatan.txt", make()), kind="notulen")
    other = services.add_attachment(actor=kepala, case=case,
                                    uploaded_file=upload("jalankan.bat", make()), kind="lainnya")
    assert same.download_name == "catatan.txt"
    assert other.download_name == "jalankan.bat.txt"


def test_reporter_of_the_handling_unit_may_attach(case, make_user):
    pelapor = make_user("own", "pelapor")
    make, _type, _ext = ACCEPTED["foto.jpg"]
    services.add_attachment(actor=pelapor, case=case, uploaded_file=upload("foto.jpg", make()),
                            kind="foto")
    assert Attachment.objects.filter(case=case, uploaded_by=pelapor).count() == 1


def test_unicode_names_are_kept_for_display(case, kepala):
    make, _type, _ext = ACCEPTED["berita-acara.pdf"]
    attachment = services.add_attachment(
        actor=kepala, case=case, uploaded_file=upload("Berita Acara – مسجد.pdf", make()),
        kind="dokumen")
    assert attachment.original_name == "Berita Acara – مسجد.pdf"
