"""The last gaps of the API completeness audit (issue #5): risk calibration (settings,
preview, save), the monthly/quarterly recap per office, and a situation report's
evidence file — the same services and permission checks as the pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from selaras.earlywarning import services as ew_services
from selaras.earlywarning.models import RiskSettings
from tests.analytics.conftest import world  # noqa: F401 (fixture)
from tests.api.conftest import ApiClient
from tests.earlywarning.conftest import (  # noqa: F401 (fixtures)
    DISTRICT,
    SIBLING_DISTRICT,
    T,
    file_report,
    frozen,
    worked_example,
)
from tests.evidence.conftest import png_bytes

SETTINGS = {"weights": {}, "half_life_days": 14, "window_days": 90,
            "case_weights": {"1": 3, "2": 6, "3": 10}, "thresholds": [15, 25, 40]}


@pytest.fixture(autouse=True)
def _no_login_access_log(settings, tmp_path):
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path / "uploads"


def _saved() -> tuple:
    s = RiskSettings.current()
    return (s.weights, s.half_life_days, s.window_days, s.case_weights, s.threshold_1,
            s.threshold_2, s.threshold_3, s.auto_open_case)


# --------------------------------------------------------------------------- calibration


def test_preview_answers_what_the_page_shows(worked_example, pusat_kepala):  # noqa: F811
    response = ApiClient(pusat_kepala).post("/api/v1/risk/calibration/preview",
                                            {**SETTINGS, "weeks": 2})
    assert response.status_code == 200, response.content
    body = response.json()
    # The numbers of tests/earlywarning/test_calibration.py (same service, same clock).
    expected = ew_services.preview_settings(actor=pusat_kepala, weeks=2, **{
        **SETTINGS, "case_weights": {1: 3, 2: 6, 3: 10}}, now=T)
    assert [w["week"] for w in body["weeks"]] == ["2026-02-23", "2026-03-02"]
    assert body["weeks"][1]["current"] == {"1": 0, "2": 1, "3": 0}
    assert body["weeks"][1]["proposed"] == {"1": 1, "2": 0, "3": 0}
    assert body["alerts"] == expected["alerts"] == {"current": 2, "proposed": 1}
    assert [(d["district"], d["current"], d["proposed"]) for d in body["differences"]] == [
        (DISTRICT, 1, 0), (DISTRICT, 2, 1)]
    assert body["differences"][0]["name"]  # the district's name, like the page


def test_preview_saves_nothing_and_settings_are_read_and_saved(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    before = _saved()
    assert api.post("/api/v1/risk/calibration/preview", SETTINGS).status_code == 200
    assert _saved() == before
    current = api.get("/api/v1/risk/settings")
    assert current.status_code == 200
    assert current.json()["thresholds"] == [10.0, 20.0, 35.0]
    assert current.json()["weights"]["ancaman"] == 4.0
    saved = api.client.put("/api/v1/risk/settings", data={
        **SETTINGS, "weights": {"kekerasan": 7}, "auto_open_case": True},
        content_type="application/json",
        headers={**api.headers, "If-Match": current["ETag"]})
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["thresholds"] == [15.0, 25.0, 40.0] and body["auto_open_case"] is True
    assert body["weights"]["kekerasan"] == 7.0 and body["weights"]["ancaman"] == 4.0
    assert body["updated_by"] == pusat_kepala.username
    assert RiskSettings.current().threshold_1 == 15


@pytest.mark.parametrize("unit, role", [("kanwil", "kepala"), ("own", "kepala"),
                                        ("pusat", "analis"), ("pusat", "penangan")])
def test_only_pusat_heads_and_admins_calibrate(db, make_user, unit, role):
    other = ApiClient(make_user(unit, role))
    before = _saved()
    assert other.get("/api/v1/risk/settings").status_code == 403
    assert other.post("/api/v1/risk/calibration/preview", SETTINGS).status_code == 403
    put = other.client.put("/api/v1/risk/settings", data={**SETTINGS, "auto_open_case": True},
                           content_type="application/json",
                           headers={**other.headers, "If-Match": "*"})
    assert put.status_code == 403
    no_tag = other.client.put("/api/v1/risk/settings", data={**SETTINGS, "auto_open_case": True},
                              content_type="application/json", headers=other.headers)
    assert no_tag.status_code == 403  # 403 before 428: the role comes first
    assert _saved() == before


def test_pusat_admin_calibrates(db, make_user):
    assert ApiClient(make_user("pusat", "admin")).get("/api/v1/risk/settings").status_code == 200


@pytest.mark.parametrize(("change", "field"), [
    ({"thresholds": [20, 10, 30]}, "threshold_2"),
    ({"thresholds": [10, 20]}, "threshold_1"),
    ({"half_life_days": 0}, "half_life_days"),
    ({"window_days": "x"}, "window_days"),
    ({"window_days": 1.5}, "window_days"),
    ({"weights": {"kekerasan": -1}}, "weight_kekerasan"),
    ({"weights": {"nope": 1}}, "weight_nope"),
    ({"case_weights": {"1": 3, "2": 6}}, "case_weight_3"),
    ({"weeks": 0}, "weeks"),
    ({"weeks": 53}, "weeks"),
    ({"weeks": True}, "weeks"),
    ({"half_life_days": True}, "half_life_days"),
    ({"extra": 1}, "extra"),
])
def test_bad_settings_are_422_and_nothing_changes(db, pusat_kepala, change, field):
    api = ApiClient(pusat_kepala)
    before = _saved()
    preview = api.post("/api/v1/risk/calibration/preview", {**SETTINGS, **change})
    assert preview.status_code == 422 and field in preview.json()["errors"], preview.content
    if field != "weeks":
        put = api.client.put("/api/v1/risk/settings",
                             data={**SETTINGS, "auto_open_case": False, **change},
                             content_type="application/json",
                             headers={**api.headers,
                                      "If-Match": api.get("/api/v1/risk/settings")["ETag"]})
        assert put.status_code == 422 and field in put.json()["errors"], put.content
    assert _saved() == before


def test_saving_needs_auto_open_case_and_a_json_object(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    before = _saved()
    missing = api.client.put("/api/v1/risk/settings", data=SETTINGS,
                             content_type="application/json",
                             headers={**api.headers,
                                      "If-Match": api.get("/api/v1/risk/settings")["ETag"]})
    assert missing.status_code == 422 and "auto_open_case" in missing.json()["errors"]
    assert api.post("/api/v1/risk/calibration/preview", "[]").status_code == 400
    assert _saved() == before


# --------------------------------------------------------------------------- recap


def test_recap_xlsx_and_pdf_match_the_page(world, client):  # noqa: F811
    kepala = world.users["own_kepala"]
    api = ApiClient(kepala, language="en")
    xlsx = api.get("/api/v1/stats/recap", {"unit": "3273", "period": "2026-03",
                                            "format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.content
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"].startswith("attachment;")
    assert "rekap-3273-2026-03.xlsx" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["Cases reported"] == 2
    pdf = api.get("/api/v1/stats/recap", {"unit": "3273", "period": "2026-03"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Cases reported in the period: 2" in " ".join(text.split())
    # The same file as the page's, in the default language (Indonesian) too.
    client.force_login(kepala)
    params = {"unit": "3273", "period": "2026-03", "format": "xlsx"}
    page = client.get("/dasbor/rekap/", params)
    assert page.status_code == 200
    indonesian = ApiClient(kepala).get("/api/v1/stats/recap", params)
    assert indonesian.status_code == 200
    books = [load_workbook(io.BytesIO(r.content)) for r in (page, indonesian)]
    assert books[0].sheetnames == books[1].sheetnames and len(books[0].sheetnames) == 8
    for page_sheet, api_sheet in zip(*(b.worksheets for b in books), strict=True):
        assert list(page_sheet.values) == list(api_sheet.values)


def test_recap_of_another_office_does_not_exist(world):  # noqa: F811
    api = ApiClient(world.users["own_kepala"])
    for unit in ("3204", "32", "pusat", "nope", "a\x00b"):
        assert api.get("/api/v1/stats/recap", {"unit": unit, "period": "2026-03"}
                       ).status_code == 404, unit
    # Its own KUA is below it; the Kanwil sees its Kankemenag.
    assert api.get("/api/v1/stats/recap", {"unit": "327301", "period": "2026-03",
                                           "format": "xlsx"}).status_code == 200
    kanwil = ApiClient(world.users["kanwil_kepala"])
    assert kanwil.get("/api/v1/stats/recap", {"unit": "3273", "period": "2026-Q1",
                                              "format": "xlsx"}).status_code == 200


def test_recap_bad_input_is_422(world):  # noqa: F811
    api = ApiClient(world.users["own_kepala"])
    for params, field in [({"unit": "3273", "period": "2026-99"}, "period"),
                          ({"unit": "3273", "period": "2099-01"}, "period"),
                          ({"unit": "3273", "period": "2026-03", "format": "docx"}, "format"),
                          ({"unit": "3273"}, "period"), ({"period": "2026-03"}, "unit")]:
        answer = api.get("/api/v1/stats/recap", params)
        assert answer.status_code == 422 and field in answer.json()["errors"], params


def test_recap_needs_a_token(world, client):  # noqa: F811
    assert client.get("/api/v1/stats/recap", {"unit": "3273", "period": "2026-03"}
                      ).status_code == 401


# --------------------------------------------------------------------------- evidence


@pytest.fixture
def report_with_evidence(frozen, make_user):  # noqa: F811
    kua = make_user("child", "pelapor")
    report = ew_services.create_report(
        actor=kua, district=DISTRICT, ratings={"ancaman": 2},
        evidence=SimpleUploadedFile("spanduk.png", png_bytes(), "image/png"))
    return report


def test_evidence_is_downloaded_by_those_who_see_the_report(report_with_evidence,
                                                            make_user):
    report = report_with_evidence
    url = f"/api/v1/situation-reports/{report.pk}/evidence"
    own = ApiClient(make_user("own", "kepala"))
    listed = own.get("/api/v1/situation-reports").json()["items"]
    assert listed[0]["evidence"]["download_url"] == url
    assert listed[0]["evidence"]["file_name"] == "spanduk.png"
    detail = own.get(f"/api/v1/situation-reports/{report.pk}").json()
    assert detail["evidence"]["size"] == len(png_bytes())
    download = own.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png_bytes()
    # The page's link and the API answer the same file.
    assert reverse("earlywarning-report-evidence", args=[report.pk]).endswith(
        f"/{report.pk}/bukti/")
    # Outside the jurisdiction the report (and its file) does not exist.
    assert ApiClient(make_user("sibling", "kepala")).get(url).status_code == 404
    assert ApiClient(make_user("other_province", "kepala")).get(url).status_code == 404


def test_no_evidence_or_unknown_report_is_404(frozen, make_user, file_report):  # noqa: F811
    kua = make_user("child", "pelapor")
    plain = file_report(kua)
    api = ApiClient(make_user("own", "kepala"))
    assert api.get(f"/api/v1/situation-reports/{plain.pk}").json()["evidence"] is None
    for report_id in (plain.pk, 999999, "abc", "1" * 30):
        assert api.get(f"/api/v1/situation-reports/{report_id}/evidence").status_code == 404
    elsewhere = file_report(make_user("sibling_kua", "pelapor"), district=SIBLING_DISTRICT)
    assert api.get(f"/api/v1/situation-reports/{elsewhere.pk}/evidence").status_code == 404


def test_evidence_needs_a_token(report_with_evidence, client):
    url = f"/api/v1/situation-reports/{report_with_evidence.pk}/evidence"
    assert client.get(url).status_code == 401
