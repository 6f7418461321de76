"""Optional evidence with a situation report: checked like case attachments, stored
privately, downloaded only by those who see the report."""

import os
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from selaras.core.errors import ValidationError
from selaras.earlywarning import services
from selaras.earlywarning.models import ReportEvidence, SituationReport
from selaras.evidence.services import delete_orphaned_files
from tests.evidence.conftest import png_bytes

from .conftest import DISTRICT
from .test_pages import login


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def stored(media_root) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(media_root) for f in files]


def test_report_with_a_photo_and_its_download(frozen, make_user, media_root):
    kua = make_user("child", "pelapor")
    client = login(kua)
    response = client.post(reverse("earlywarning-report-create"), {
        "district": DISTRICT, "kind": "ad_hoc", "rating_ancaman": 2,
        **{f"rating_{c}": 0 for c in ("provokasi", "ujaran_kebencian", "penolakan",
                                      "mobilisasi", "kekerasan", "dialog",
                                      "kegiatan_bersama", "mediasi_fkub", "seruan_tokoh")},
        "evidence": SimpleUploadedFile("spanduk.png", png_bytes(), "image/png")})
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = ReportEvidence.objects.get()
    assert evidence.detected_type == "png" and len(stored(media_root)) == 1
    page = client.get(response.url).content.decode()
    assert "spanduk.png" in page
    url = reverse("earlywarning-report-evidence", args=[evidence.report_id])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == png_bytes()
    # Not under the case attachments' directory, whose orphan sweep would delete it.
    assert delete_orphaned_files(older_than=timedelta(0)) == []
    assert stored(media_root)[0].startswith(str(media_root / "deteksi-dini"))
    outsider = login(make_user("sibling", "kepala"))
    assert outsider.get(url).status_code == 404


def test_a_dangerous_file_is_refused_and_nothing_is_stored(frozen, make_user, media_root):
    kua = make_user("child", "pelapor")
    html = SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script></html>",
                              "image/png")
    with pytest.raises(ValidationError) as raised:
        services.create_report(actor=kua, district=DISTRICT, ratings={}, evidence=html)
    assert "evidence" in raised.value.message_dict
    assert not SituationReport.objects.exists() and stored(media_root) == []


def test_a_report_without_evidence_has_no_download(frozen, make_user, file_report):
    kua = make_user("child", "pelapor")
    report = file_report(kua, ancaman=1)
    assert login(kua).get(reverse("earlywarning-report-evidence",
                                  args=[report.pk])).status_code == 404
