"""Merging a duplicate: it becomes ditolak/duplikat with a link to the original, its parties,
notes and attachments move over, and both timelines list what moved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from selaras.cases import relations, services
from selaras.cases.models import CaseEvent, EventKind, Note
from selaras.cases.workflow import TRANSITIONS
from selaras.evidence import services as evidence_services
from selaras.evidence.models import Attachment
from selaras.parties import services as party_services
from selaras.parties.models import CaseParty

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english_messages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    with translation.override("en"):
        yield


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def party(kepala):
    def make(name):
        created, _hints = party_services.create_party(actor=kepala, kind="kelompok", name=name,
                                                      region="327301")
        return created

    return make


@pytest.fixture
def filled_duplicate(make_case, kepala, party):
    """A duplicate with two parties, a note and an attachment; the original already has
    one of the parties in the same role."""
    original = make_case(title="Penolakan renovasi musala")
    duplicate = make_case(title="Warga menolak renovasi musala (laporan kedua)")
    shared, extra = party("Pengurus Musala Al-Ikhlas"), party("Forum Warga RW 03")
    party_services.link_party_to_case(actor=kepala, case=original, party=shared, role="pengadu")
    party_services.link_party_to_case(actor=kepala, case=duplicate, party=shared, role="pengadu")
    party_services.link_party_to_case(actor=kepala, case=duplicate, party=extra, role="teradu")
    note = services.add_note(actor=kepala, case=duplicate, body="Saksi: Pak RT.")
    attachment = evidence_services.add_attachment(
        actor=kepala, case=duplicate, uploaded_file=SimpleUploadedFile("surat.pdf", PDF),
        kind="dokumen")
    return original, duplicate, {"shared": shared, "extra": extra, "note": note,
                                 "attachment": attachment}


@pytest.mark.parametrize("status", ["dilaporkan", "terverifikasi", "ditangani", "pemantauan"])
def test_merge_from_every_open_status(status, filled_duplicate, kepala, advance):
    original, duplicate, things = filled_duplicate
    duplicate = advance(duplicate, status, kepala)

    merged = relations.merge_duplicate(actor=kepala, duplicate=duplicate, original=original.number,
                                       reason="Laporan yang sama dari warga lain")

    assert merged.status == "ditolak"
    assert merged.reject_reason == "duplikat"
    assert merged.duplicate_of == original
    assert merged.closed_at is not None
    transition = CaseEvent.objects.filter(case=duplicate, kind=EventKind.TRANSITION).latest("id")
    expected_action = "reject" if status == "dilaporkan" else "merge"
    assert (transition.action, transition.from_status, transition.to_status) == (
        expected_action, status, "ditolak")
    assert transition.data["duplicate_of"] == original.number
    assert transition.reason == "Laporan yang sama dari warga lain"

    # What moved: the new party link, the note, the attachment.
    extra_link = CaseParty.objects.get(party=things["extra"])
    assert extra_link.case == original
    assert Note.objects.get(pk=things["note"].pk).case == original
    assert Attachment.objects.get(pk=things["attachment"].pk).case == original
    # The shared party's link stays where it was; the original keeps exactly one.
    assert CaseParty.objects.filter(case=original, party=things["shared"]).count() == 1
    skipped_link = CaseParty.objects.get(case=duplicate, party=things["shared"])

    moved = {
        "parties": [{"link_id": extra_link.pk, "party_id": things["extra"].pk,
                     "role": "teradu"}],
        "parties_skipped": [{"link_id": skipped_link.pk, "party_id": things["shared"].pk,
                             "role": "pengadu"}],
        "notes": [things["note"].pk],
        "attachments": [{"attachment_id": things["attachment"].pk,
                         "sha256": things["attachment"].sha256}],
    }
    into = CaseEvent.objects.filter(case=duplicate, kind=EventKind.RELATION).get()
    assert (into.action, into.actor, into.reason) == ("merged_into", kepala,
                                                      "Laporan yang sama dari warga lain")
    assert into.data == {"original": original.number, **moved}
    came = CaseEvent.objects.filter(case=original, kind=EventKind.RELATION).get()
    assert (came.action, came.actor) == ("merged_from", kepala)
    assert came.data == {"duplicate": duplicate.number, **moved}


def test_merge_bumps_both_versions(filled_duplicate, kepala):
    original, duplicate, _things = filled_duplicate
    versions = (original.version, duplicate.version)
    relations.merge_duplicate(actor=kepala, duplicate=duplicate, original=original,
                              reason="Ganda")
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert original.version > versions[0]
    assert duplicate.version > versions[1]


def test_merge_of_an_empty_duplicate_still_says_so_on_both_timelines(make_case, kepala):
    original, duplicate = make_case(), make_case()
    relations.merge_duplicate(actor=kepala, duplicate=duplicate, original=original,
                              reason="Ganda")
    empty = {"parties": [], "parties_skipped": [], "notes": [], "attachments": []}
    assert CaseEvent.objects.get(case=duplicate, kind=EventKind.RELATION).data == {
        "original": original.number, **empty}
    assert CaseEvent.objects.get(case=original, kind=EventKind.RELATION).data == {
        "duplicate": duplicate.number, **empty}


def test_merge_row_is_in_the_workflow_table():
    merge = TRANSITIONS["merge"]
    assert set(merge.sources) == {"terverifikasi", "ditangani", "pemantauan"}
    assert merge.target == "ditolak"
    assert set(merge.roles) == {"kepala"}
    assert merge.requires_reason
