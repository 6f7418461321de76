"""Analysts and auditors see personal data masked everywhere: every page, API answer
and PDF that shows a case, its timeline or its parties is walked as an analyst (and
an auditor) and must not contain the reporter's name or contact, a NIK or a person's
address. The same walk as a handler shows them, so the walk really reaches them."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from selaras.cases import services
from selaras.parties import services as party_services
from tests.api.conftest import ApiClient

REPORTER = "Budi Santoso Wiryawan"
CONTACT = "0812-7777-3141"
NEW_CONTACT = "0813-5555-2718"
NIK = "3273014501900001"
ADDRESS = "Jl. Melati Putih No. 17"
PERSON = "Siti Rahmawati Kusuma"  # a person who is the reporter: the name is masked too
SECRETS = (REPORTER, "Wiryawan", CONTACT, "7777", NEW_CONTACT, "5555", NIK, "45019000",
           ADDRESS, "Melati Putih", PERSON, "Rahmawati")


@pytest.fixture
def api_as(db):
    return ApiClient


@pytest.fixture
def world(make_user, make_case):
    kepala = make_user("own", "kepala")
    case = make_case(actor=kepala, reporter_name=REPORTER, reporter_contact=CONTACT)
    services.update_case(actor=kepala, case=case, changes={"reporter_contact": NEW_CONTACT})
    person, _ = party_services.create_party(actor=kepala, kind="perorangan", name=PERSON,
                                            region="327301", nik=NIK, address=ADDRESS)
    party_services.link_party_to_case(actor=kepala, case=case, party=person, role="pelapor")
    return {"case": case, "person": person, "kepala": kepala}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def body(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(response.content)
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def ui_urls(world):
    number, pk = world["case"].number, world["person"].pk
    return [
        "/", "/kasus/", f"/kasus/{number}/", "/pihak/", f"/pihak/{pk}/",
        f"/kasus/{number}/laporan.pdf", f"/kasus/{number}/laporan-kua.pdf",
        f"/kasus/{number}/laporan-kankemenag.pdf", f"/kasus/{number}/laporan-kanwil.pdf",
        "/dasbor/", "/dasbor/kualitas-data/", "/notifikasi/",
    ]


def api_urls(world):
    number, pk = world["case"].number, world["person"].pk
    return [
        "/api/v1/cases", f"/api/v1/cases/{number}", f"/api/v1/cases/{number}/events",
        f"/api/v1/cases/{number}/parties", "/api/v1/parties", f"/api/v1/parties/{pk}",
        f"/api/v1/cases/{number}/report.pdf",
        f"/api/v1/cases/{number}/report.pdf?level=kankemenag",
    ]


def walk(user, world, api_as) -> dict[str, str]:
    seen = {}
    web = Client()
    web.force_login(user)
    for url in ui_urls(world):
        response = web.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        seen[url] = body(response) if response.status_code == 200 else ""
    api = api_as(user)
    for url in api_urls(world):
        path, _, query = url.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&")) if query else {}
        response = api.get(path, params)
        assert response.status_code in (200, 404), (url, response.status_code)
        seen[url] = body(response) if response.status_code == 200 else ""
    return seen


def without_digests(text: str) -> str:
    """SHA-256 hex digests (the audit hash chain, ETags) are random to the eye and hold
    a short fragment like "5555" now and then; they carry no personal data."""
    return re.sub(r"\b[0-9a-f]{64}\b", "", text)


def found_secrets(text: str) -> list[str]:
    text = without_digests(text)
    return [s for s in SECRETS if s in text or s in re.sub(r"\s+", " ", text)]


def leaks(seen: dict[str, str]) -> list[tuple[str, str]]:
    return [(url, secret) for url, text in seen.items() for secret in found_secrets(text)]


@pytest.mark.parametrize("role", ["analis", "auditor"])
def test_masked_roles_never_see_personal_data(role, world, make_user, api_as):
    seen = walk(make_user("own", role), world, api_as)
    number = world["case"].number
    # The walk reached the pages that would show the data (not 404s).
    for url in (f"/kasus/{number}/", f"/api/v1/cases/{number}", f"/kasus/{number}/laporan.pdf",
                f"/api/v1/cases/{number}/events", f"/api/v1/cases/{number}/parties"):
        assert seen[url], url
    assert leaks(seen) == []


def test_the_same_walk_shows_a_handler_the_data(world, make_user, api_as):
    seen = walk(make_user("own", "penangan"), world, api_as)
    number = world["case"].number
    assert REPORTER in seen[f"/kasus/{number}/"]
    assert NIK in seen[f"/pihak/{world['person'].pk}/"]
    assert NEW_CONTACT in seen[f"/api/v1/cases/{number}/events"]
    assert REPORTER in seen[f"/kasus/{number}/laporan.pdf"]
    assert ADDRESS in seen[f"/api/v1/parties/{world['person'].pk}"]


def test_audit_viewer_and_its_export_hold_no_personal_data(world, make_user):
    auditor = make_user("pusat", "auditor")
    web = Client()
    web.force_login(auditor)
    text = body(web.get("/audit/")) + body(web.get("/audit/?format=csv"))
    assert world["case"].number in text
    assert "5555" not in without_digests("hash " + "ab5555cd" * 8)  # the digest filter works
    assert found_secrets(text) == []
