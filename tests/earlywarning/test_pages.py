"""Web pages: the phone report form, the risk map and area explanation, alerts with
their suggested case, calibration — and scoping (404 outside the jurisdiction)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from selaras.earlywarning import services
from selaras.earlywarning.models import RiskAlert, RiskSettings, SituationReport
from tests.conftest import PASSWORD

from .conftest import DISTRICT, SIBLING_DISTRICT, T


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_report_form_on_one_page_without_script(frozen, make_user):
    kua = make_user("child", "pelapor")
    client = login(kua)
    page = client.get(reverse("earlywarning-report-create"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('type="radio"') == 10 * 4 + 2  # 10 indicators × 0–3, + kind
    assert f'<option value="{DISTRICT}" selected>' in html  # the KUA's only district
    assert "<script" not in html.split("<main")[1]
    data = {"district": DISTRICT, "kind": "periodic", "note": "Aman",
            **{f"rating_{code}": 0 for code in ("provokasi", "ujaran_kebencian", "penolakan",
                                                "mobilisasi", "kekerasan", "dialog",
                                                "kegiatan_bersama", "mediasi_fkub",
                                                "seruan_tokoh")},
            "rating_ancaman": 2, "note_ancaman": "Ancaman lewat WhatsApp"}
    response = client.post(reverse("earlywarning-report-create"), data)
    report = SituationReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("earlywarning-report",
                                                                   args=[report.pk])
    assert report.ratings.get(indicator__code="ancaman").note == "Ancaman lewat WhatsApp"
    assert client.get(response.url).status_code == 200


def test_report_form_errors_keep_what_was_typed(frozen, make_user):
    client = login(make_user("child", "pelapor"))
    response = client.post(reverse("earlywarning-report-create"),
                           {"district": SIBLING_DISTRICT, "note": "Masih tersimpan"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert "Masih tersimpan" in response.content.decode()
    assert not SituationReport.objects.exists()


def test_roles_without_reporting_rights_get_403(db, make_user):
    assert login(make_user("child", "analis")).get(
        reverse("earlywarning-report-create")).status_code == 403


def test_overview_map_and_area_explanation(worked_example, make_user):
    services.recompute(T)
    client = login(make_user("own", "kepala"))
    page = client.get(reverse("earlywarning-overview"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="ew-dot ew-dot--2"' in html  # Sukasari on the map, Siaga
    assert reverse("earlywarning-area", args=[DISTRICT]) in html
    area = client.get(reverse("earlywarning-area", args=[DISTRICT])).content.decode()
    assert "21.5" in area or "21,5" in area
    assert "si_rukun" in area and worked_example["case"].number in area
    assert f"?district={DISTRICT}" in area  # the head of the Kankemenag may report there
    regency = client.get(reverse("earlywarning-area", args=["3273"]))
    assert regency.status_code == 200 and "?district=" not in regency.content.decode()


@pytest.mark.parametrize("path", [
    reverse("earlywarning-area", args=[SIBLING_DISTRICT]),
    reverse("earlywarning-area", args=["3273"]),
    reverse("earlywarning-area", args=["nonsense"]),
    reverse("earlywarning-overview") + "?region=3204",
])
def test_areas_outside_the_jurisdiction_do_not_exist(worked_example, path):
    assert login(worked_example["kua"]).get(path).status_code == 404


def test_reports_and_alerts_outside_are_404(worked_example, make_user):
    services.recompute(T)
    alert = RiskAlert.objects.get()
    outsider = login(make_user("sibling", "kepala"))
    assert outsider.get(reverse("earlywarning-report",
                                args=[worked_example["a"].pk])).status_code == 404
    assert outsider.get(reverse("earlywarning-alert", args=[alert.pk])).status_code == 404
    assert str(worked_example["a"].pk) not in outsider.get(
        reverse("earlywarning-reports")).content.decode().split('id="reports"')[1]


def test_open_case_from_alert_prefilled_and_linked(worked_example, make_user):
    services.recompute(T)
    alert = RiskAlert.objects.get()
    client = login(make_user("child", "penangan"))
    page = client.get(reverse("earlywarning-alert", args=[alert.pk])).content.decode()
    assert "Open case" in page and "Sukasari" in page
    suggestion = services.suggested_case(alert)
    # threats (8) fit no category; the rejection of a house of worship (3) does
    assert suggestion["category"] == "rumah_ibadah"
    response = client.post(reverse("earlywarning-alert", args=[alert.pk]), {
        "title": suggestion["title"], "chronology": suggestion["chronology"],
        "category": suggestion["category"], "alert_level": 2})
    alert.refresh_from_db()
    assert alert.case is not None and response.status_code == 302
    assert alert.case.source_channel == "penyuluh" and alert.case.alert_level == 2
    again = client.post(reverse("earlywarning-alert", args=[alert.pk]), {
        "title": "x", "chronology": "y", "category": "lainnya", "alert_level": 1})
    assert again.status_code == 403  # the alert already has its case


def test_calibration_is_for_pusat_and_previews_before_saving(worked_example, make_user):
    assert login(make_user("kanwil", "kepala")).get(
        reverse("earlywarning-calibration")).status_code == 403
    client = login(make_user("pusat", "kepala"))
    form = client.get(reverse("earlywarning-calibration"))
    assert form.status_code == 200
    data = {f"weight_{code}": w for code, w in RiskSettings.current().params().weights.items()}
    data.update(half_life_days=14, window_days=90, case_weight_1=3, case_weight_2=6,
                case_weight_3=10, threshold_1=5, threshold_2=20, threshold_3=35, weeks=2,
                settings_tag=form.context["form"]["settings_tag"].value())
    preview = client.post(reverse("earlywarning-calibration"), {**data, "action": "preview"})
    assert preview.status_code == 200 and 'id="preview"' in preview.content.decode()
    assert RiskSettings.current().threshold_1 == 10  # nothing saved by a preview
    saved = client.post(reverse("earlywarning-calibration"), {**data, "action": "save"})
    assert saved.status_code == 302 and RiskSettings.current().threshold_1 == 5
    bad = client.post(reverse("earlywarning-calibration"),
                      {**data, "threshold_2": 50, "action": "save"})  # 50 > 35
    assert bad.status_code == 400 and RiskSettings.current().threshold_2 == 20
