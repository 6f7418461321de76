"""Intake: creates a case routed to its office; bad input re-renders, keeps input, saves nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, Status

URL = "/kasus/baru/"


def valid_data(**overrides):
    data = {
        "title": "Penolakan renovasi musala",
        "chronology": "Warga RT 03 menolak renovasi musala.",
        "category": "rumah_ibadah",
        "subcategory": "",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "occurred_time": "",
        "occurred_precision": "day",
        "alert_level": "1",
        "province": "32",
        "regency": "3273",
        "district": "327301",
        "village": "3273011001",
        "location_code": "",
        "legal_stage": "pencegahan",
        "source_channel": "whatsapp",
        "reporter_name": "Rahmat",
        "reporter_contact": "0812 3456 7890",
    }
    data.update(overrides)
    return data


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


def test_url_and_name_match():
    assert reverse("case-create") == URL


def test_intake_creates_a_case_and_says_who_handles_it(penangan, login):
    client = login(penangan)
    response = client.post(URL, valid_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("case-detail", args=[case.number])
    assert case.status == Status.DILAPORKAN
    assert case.location_id == "3273011001"
    assert case.handling_unit.code == "327301"  # level 1 → the district's KUA
    assert case.source_channel == "whatsapp" and case.created_by == penangan
    assert CaseEvent.objects.filter(case=case, kind="created").count() == 1
    page = client.get(response.url).content.decode()
    assert f"Case {case.number} is registered. It is handled by {case.handling_unit.name}." in page


def test_district_is_enough_and_region_code_fallback_works(penangan, login):
    client = login(penangan)
    client.post(URL, valid_data(village=""))
    assert Case.objects.get().location_id == "327301"
    client.post(URL, valid_data(province="", regency="", district="", village="",
                                location_code="327302"))
    assert Case.objects.filter(location_id="327302").exists()


def test_exact_time_is_kept(penangan, login):
    day = timezone.localdate() - timedelta(days=2)
    login(penangan).post(URL, valid_data(occurred_on=day.isoformat(), occurred_time="14:30",
                                         occurred_precision="exact"))
    occurred = timezone.localtime(Case.objects.get().occurred_at)
    assert (occurred.date(), occurred.hour, occurred.minute) == (day, 14, 30)


@pytest.mark.parametrize("overrides, field", [
    ({"village": "", "district": "", "location_code": "999999"}, "location_code"),
    ({"occurred_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "occurred_on"),
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"category": "bukan-kategori"}, "category"),
    ({"alert_level": "9"}, "alert_level"),
    ({"district": "", "village": ""}, "district"),
    ({"latitude": "200"}, "latitude"),
    ({"subcategory": "paham_aliran_sesat"}, "subcategory"),
])
def test_invalid_intake_re_renders_with_errors_and_writes_nothing(penangan, login, overrides,
                                                                  field):
    data = valid_data(**overrides)
    response = login(penangan).post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html, field
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert Case.objects.count() == 0 and CaseEvent.objects.count() == 0
    # Nothing typed is lost.
    assert "Warga RT 03 menolak renovasi musala." in html
    assert 'value="0812 3456 7890"' in html


def test_region_outside_the_users_area_is_a_field_error_not_a_crash(penangan, login):
    response = login(penangan).post(URL, valid_data(
        province="31", regency="3171", district="317101", village=""))
    assert response.status_code == 400
    assert response.context["form"].errors.get("district")
    assert Case.objects.count() == 0


def test_html_in_intake_is_stored_as_text_and_shown_escaped(penangan, login):
    client = login(penangan)
    response = client.post(URL, valid_data(title="<b>Tebal</b>",
                                           chronology="<script>alert(1)</script>"))
    case = Case.objects.get()
    assert case.title == "<b>Tebal</b>"
    html = client.get(response.url).content.decode()
    assert "&lt;b&gt;Tebal&lt;/b&gt;" in html and "<script>alert(1)" not in html


def test_region_is_preselected_to_the_users_own_area(penangan, login):
    form = login(penangan).get(URL).context["form"]
    assert form["province"].value() == "32"
    assert form["regency"].value() == "3273"
    html = form["district"].as_widget()
    assert 'value="327301"' in html  # the districts of Kota Bandung are offered


def test_roles_that_may_not_register_get_403(make_user, login):
    for role in ("analis", "auditor"):
        client = login(make_user("own", role))
        assert client.get(URL).status_code == 403
        assert client.post(URL, valid_data()).status_code == 403
    assert Case.objects.count() == 0


def test_alert_levels_are_explained(penangan, login):
    html = login(penangan).get(URL).content.decode()
    assert "Latent tension" in html and "Open dispute" in html and "Violence" in html


def test_region_refresh_without_javascript_narrows_and_keeps_input(penangan, login):
    data = valid_data(regency="", district="", village="", province="31", refresh="region")
    response = login(penangan).post(URL, data)
    assert response.status_code == 200
    assert Case.objects.count() == 0
    html = response.content.decode()
    assert 'value="3171"' in html  # regencies of DKI Jakarta now offered
    assert "Warga RT 03 menolak renovasi musala." in html
