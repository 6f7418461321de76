"""Helpers for the case-handling API tests (issue #3): moving a case along, uploads,
small valid files, and counting what any write would add."""

from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.cases import services as case_services
from selaras.cases.models import Case, CaseEvent, Note
from selaras.evidence.models import Attachment
from selaras.handling.models import Agreement, HandlingAction, Impact, Referral, Task
from selaras.parties import services as party_services
from selaras.parties.models import CaseParty, Party
from selaras.registry.models import RegistryLink

JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xdb\x00\x43\x00" + bytes(64) + b"\xff\xd9")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def all_counts() -> tuple[int, ...]:
    """Rows that any case-handling write would add to."""
    return tuple(model.objects.count() for model in (
        Case, CaseEvent, Note, Party, CaseParty, Impact, HandlingAction, Task, Agreement,
        Referral, Attachment, RegistryLink))


def today() -> str:
    return timezone.localdate().isoformat()


def days_from_today(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def verified(case, kepala):
    return case_services.perform_transition(actor=kepala, case=case, action="verify")


def handled(case, kepala):
    return case_services.perform_transition(actor=kepala, case=verified(case, kepala),
                                            action="start")


def linked_party(case, actor, *, name="Pengurus Musala Al-Ikhlas", role="pengadu",
                 kind="kelompok", region="327301", **extra):
    party, _duplicates = party_services.create_party(actor=actor, kind=kind, name=name,
                                                     region=region, **extra)
    link = party_services.link_party_to_case(actor=actor, case=case, party=party, role=role)
    return party, link


def upload(client, number: str, name: str, data: bytes, kind: str = "foto",
           description: str = ""):
    """POST a multipart upload with the client's token."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.client.post(
        f"/api/v1/cases/{number}/attachments",
        {"file": SimpleUploadedFile(name, data), "kind": kind, "description": description},
        headers=client.headers,
    )


def delete(client, path: str, params: str = ""):
    return client.client.delete(path + (f"?{params}" if params else ""), headers=client.headers)


@pytest.fixture(name="media_root")
def media_root_fixture(settings, tmp_path):
    """Attachments go to a temporary directory; returns a lister of the stored files."""
    settings.MEDIA_ROOT = tmp_path / "uploads"

    def stored_files() -> list[str]:
        root = tmp_path / "uploads" / "attachments"
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
            if root.exists() else []

    return stored_files
