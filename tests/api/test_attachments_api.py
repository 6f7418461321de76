"""Attachments through the API: multipart upload checked on content, list, download as an
attachment; refused uploads are 422 with nothing stored; other jurisdictions get 404."""

import pytest

from selaras.evidence.models import Attachment

from .handling_helpers import (  # noqa: F401 — media_root_fixture provides the media_root fixture
    EXE,
    HTML,
    JPEG,
    PDF,
    all_counts,
    media_root_fixture,
    upload,
    verified,
)


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case):
    return make_case()


def test_upload_list_and_download(api_as, penangan, case, media_root):
    client = api_as(penangan)
    response = upload(client, case.number, "berita-acara.pdf", PDF, kind="notulen",
                      description="Berita acara mediasi")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["content_type"] == "application/pdf" and data["size"] == len(PDF)
    assert data["file_name"] == "berita-acara.pdf" and data["kind"] == "notulen"
    assert len(data["sha256"]) == 64 and data["uploaded_by"] == penangan.username
    assert len(media_root()) == 1 and not media_root()[0].endswith("berita-acara.pdf")

    listed = client.get(f"/api/v1/cases/{case.number}/attachments").json()
    assert listed["count"] == 1 and listed["items"][0]["download_url"] == data["download_url"]

    download = client.get(data["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "berita-acara.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


@pytest.mark.parametrize(("name", "data"), [
    ("foto.jpg", EXE),  # a program renamed .jpg
    ("foto.jpg", HTML),  # a web page renamed .jpg
    ("foto.exe", EXE),
    ("kosong.jpg", b""),
])
def test_refused_uploads_store_nothing(api_as, penangan, case, media_root, name, data):
    before = all_counts()
    response = upload(api_as(penangan, language="en"), case.number, name, data)
    assert response.status_code == 422, response.content
    body = response.json()
    assert "file" in body["errors"] and body["detail"]
    assert all_counts() == before
    assert media_root() == []


def test_an_oversized_upload_is_refused(api_as, penangan, case, media_root, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    before = all_counts()
    response = upload(api_as(penangan, language="en"), case.number, "foto.jpg",
                      JPEG + bytes(2048))
    assert response.status_code == 422
    assert "too large" in response.json()["errors"]["file"][0]
    assert all_counts() == before
    assert media_root() == []


def test_missing_file_and_bad_kind_are_reported_together(api_as, penangan, case, media_root):
    client = api_as(penangan)
    response = client.client.post(f"/api/v1/cases/{case.number}/attachments",
                                  {"kind": "video"}, headers=client.headers)
    assert response.status_code == 422
    assert {"file", "kind"} <= set(response.json()["errors"])
    assert media_root() == []


def test_a_json_body_is_400(api_as, penangan, case, media_root):
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/attachments",
                                     {"file": "aGFsbw==", "kind": "foto"})
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["detail"]
    assert Attachment.objects.count() == 0


def test_analyst_sees_the_list_but_may_not_download_or_upload(api_as, make_user, penangan,
                                                               case, media_root):
    data = upload(api_as(penangan), case.number, "foto.jpg", JPEG).json()
    analyst = api_as(make_user("own", "analis"))
    assert analyst.get(f"/api/v1/cases/{case.number}/attachments").json()["count"] == 1
    assert analyst.get(data["download_url"]).status_code == 403
    assert upload(analyst, case.number, "foto.jpg", JPEG).status_code == 403
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("unit_key", ["sibling", "other_province", "sibling_kua"])
def test_other_jurisdictions_get_404(api_as, make_user, penangan, case, media_root, unit_key):
    data = upload(api_as(penangan), case.number, "foto.jpg", JPEG).json()
    outsider = api_as(make_user(unit_key, "kepala"))
    assert outsider.get(data["download_url"]).status_code == 404
    assert outsider.get(f"/api/v1/cases/{case.number}/attachments").status_code == 404
    assert upload(outsider, case.number, "foto.jpg", JPEG).status_code == 404
    assert Attachment.objects.count() == 1 and len(media_root()) == 1


def test_an_attachment_of_another_case_is_404(api_as, penangan, make_case, case, media_root):
    other = make_case()
    data = upload(api_as(penangan), other.number, "foto.jpg", JPEG).json()
    response = api_as(penangan).get(
        f"/api/v1/cases/{case.number}/attachments/{data['id']}/download")
    assert response.status_code == 404


@pytest.mark.parametrize("attachment_id", ["abc", "0", "99999999999999999999999", "424242"])
def test_unknown_attachment_ids_are_404(api_as, penangan, case, attachment_id):
    response = api_as(penangan).get(
        f"/api/v1/cases/{case.number}/attachments/{attachment_id}/download")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_closed_case_takes_no_attachments(api_as, make_user, penangan, case, media_root):
    kepala = make_user("own", "kepala")
    from selaras.cases import services

    services.perform_transition(actor=kepala, case=case, action="reject", reason="Bukan KSBK",
                                reject_reason="bukan_ksbk")
    response = upload(api_as(penangan), case.number, "foto.jpg", JPEG)
    assert response.status_code == 409
    assert media_root() == []


def test_uploading_records_the_sha256_in_the_timeline(api_as, penangan, make_user, case,
                                                      media_root):
    data = upload(api_as(penangan), verified(case, make_user("own", "kepala")).number,
                  "foto.jpg", JPEG).json()
    events = api_as(penangan).get(f"/api/v1/cases/{case.number}/events").json()["items"]
    assert [e["data"]["sha256"] for e in events if e["kind"] == "attachment"] == [
        data["sha256"]]


def test_a_path_in_the_uploaded_name_goes_nowhere(api_as, penangan, case, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_as(penangan)
    response = client.client.post(
        f"/api/v1/cases/{case.number}/attachments",
        {"file": SimpleUploadedFile("../../../etc/evil.jpg", JPEG), "kind": "foto"},
        headers=client.headers)
    assert response.status_code in (201, 422), response.content
    if response.status_code == 201:
        assert "/" not in response.json()["file_name"]
        assert all(".." not in name and "evil" not in name for name in media_root())
    else:
        assert media_root() == []
