"""A failure after the file was written removes the file; orphans are swept."""

import os
import time
from datetime import timedelta

import pytest

from selaras.cases.models import CaseEvent
from selaras.evidence import services
from selaras.evidence.storage import attachment_storage

from .conftest import png_bytes, upload


def test_failure_while_recording_deletes_the_written_file(monkeypatch, case, kepala,
                                                          nothing_stored):
    def broken_event(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "record_event", broken_event)
    before = CaseEvent.objects.count()
    with pytest.raises(RuntimeError):
        services.add_attachment(actor=kepala, case=case,
                                uploaded_file=upload("foto.png", png_bytes()), kind="foto")
    nothing_stored(before)


def test_orphaned_files_are_swept_but_young_ones_and_known_ones_kept(case, kepala, media_root,
                                                                     stored_files):
    kept = services.add_attachment(actor=kepala, case=case,
                                   uploaded_file=upload("foto.png", png_bytes()), kind="foto")
    storage = attachment_storage()
    from django.core.files.base import ContentFile

    old = storage.save("ab/orphan-old.png", ContentFile(b"x"))
    young = storage.save("cd/orphan-young.png", ContentFile(b"x"))
    two_hours_ago = time.time() - 7200
    os.utime(media_root / "attachments" / old, (two_hours_ago, two_hours_ago))
    os.utime(media_root / "attachments" / kept.stored_name, (two_hours_ago, two_hours_ago))

    deleted = services.delete_orphaned_files(older_than=timedelta(hours=1))

    assert deleted == [old]
    assert stored_files() == sorted([kept.stored_name, young])


def test_sweeping_an_empty_store_is_harmless(db):
    assert services.delete_orphaned_files() == []
