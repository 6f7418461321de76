"""Guided intake: a first-time pelapor reports a case step by step, on a phone, without JS."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from selaras.cases.models import Case, Category

START = "/kasus/lapor/"


def step(slug):
    return f"/kasus/lapor/{slug}/"


PLACE = {"province": "32", "regency": "3273", "district": "327301",
         "village": "3273011001", "offered": "4"}
WHAT = {"title": "Penolakan renovasi musala",
        "chronology": "Warga RT 03 menolak renovasi musala sejak Senin."}


@pytest.fixture
def pelapor(make_user):
    return make_user("child", "pelapor")  # KUA Sukasari (district 327301)


def walk_to_review(client):
    """Answer every step like a first-time user; return the number of POSTs made."""
    posts = [
        (step("tempat"), PLACE),
        (step("kejadian"), WHAT),
        (step("waktu"), {"quick": "yesterday", "occurred_on": ""}),
        (step("jenis"), {"category": "rumah_ibadah"}),
        (step("tingkat"), {"alert_level": "2"}),
        (step("pelapor"), {"source_channel": "whatsapp", "reporter_name": "Rahmat",
                           "reporter_contact": "0812 3456 7890"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:2000])
    assert response.url == step("periksa")
    return len(posts)


def test_urls():
    assert reverse("guided-intake") == START
    assert reverse("guided-intake-step", args=["waktu"]) == step("waktu")


def test_first_time_pelapor_reports_a_case_in_seven_posts(pelapor, login):
    client = login(pelapor)
    response = client.get(START)
    assert response.status_code == 302 and response.url == step("tempat")
    page = client.get(step("tempat")).content.decode()
    # The picker starts at the user's own district: province, regency, district chosen.
    assert 'value="327301" selected' in page
    assert "Example:" in page or "Contoh" in page

    posts = walk_to_review(client)
    review = client.get(step("periksa")).content.decode()
    for expected in ("Penolakan renovasi musala", "Sukarasa", "Rahmat", "0812 3456 7890"):
        assert expected in review
    assert Case.objects.count() == 0  # nothing is created before the last press

    response = client.post(step("periksa"))
    posts += 1
    assert posts <= 8
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("case-detail", args=[case.number])
    assert case.title == WHAT["title"] and case.chronology == WHAT["chronology"]
    assert case.location_id == "3273011001"
    assert case.category_id == "rumah_ibadah" and case.alert_level == 2
    assert case.handling_unit.code == "3273"  # Siaga goes to the Kankemenag
    assert timezone.localtime(case.occurred_at).date() == (
        timezone.localdate() - timedelta(days=1))
    assert case.source_channel == "whatsapp" and case.reporter_name == "Rahmat"
    assert case.reporter_contact == "0812 3456 7890" and case.created_by == pelapor
    # The draft is gone: a new report starts at the first step.
    assert client.get(START).url == step("tempat")
    assert client.get(step("kejadian")).url == step("tempat")


def test_without_javascript_the_place_is_chosen_one_level_at_a_time(make_user, login):
    client = login(make_user("kanwil", "pelapor"))  # province-wide: only the province preset
    page = client.get(step("tempat")).content.decode()
    assert 'value="32" selected' in page
    response = client.post(step("tempat"), {"province": "32", "offered": "2"})
    assert response.url == step("tempat")  # stays: now choose the regency
    page = client.get(step("tempat")).content.decode()
    assert "Kota Bandung" in page
    client.post(step("tempat"), {"province": "32", "regency": "3273", "offered": "2"})
    client.post(step("tempat"), {"province": "32", "regency": "3273",
                                 "district": "327301", "offered": "3"})
    page = client.get(step("tempat")).content.decode()
    assert "Sukarasa" in page  # the village list is offered once
    response = client.post(step("tempat"), {"province": "32", "regency": "3273",
                                            "district": "327301", "village": "",
                                            "offered": "4"})
    assert response.url == step("kejadian")  # the village is optional


@pytest.mark.parametrize(("slug", "data", "message"), [
    ("tempat", {"province": "", "offered": "1"}, "Choose the province where it happened."),
    ("kejadian", {"title": "", "chronology": ""}, "This field is required."),
    ("waktu", {"occurred_on": ""}, "Choose the day, or press"),
    ("waktu", {"occurred_on": "bukan tanggal"}, "Enter a valid date."),
    ("jenis", {}, "Choose the kind of problem."),
    ("jenis", {"category": "tidak_ada"}, "Select a valid choice."),
    ("tingkat", {"alert_level": "9"}, "Select a valid choice."),
    ("pelapor", {"source_channel": "pos_merpati"}, "Select a valid choice."),
])
def test_a_bad_answer_stays_on_its_step_and_creates_nothing(pelapor, login, slug, data,
                                                            message):
    client = login(pelapor)
    order = ["tempat", "kejadian", "waktu", "jenis", "tingkat", "pelapor"]
    answers = {"tempat": PLACE, "kejadian": WHAT, "waktu": {"quick": "today"},
               "jenis": {"category": "lainnya"}, "tingkat": {"alert_level": "1"}}
    for earlier in order[:order.index(slug)]:
        assert client.post(step(earlier), answers[earlier]).status_code == 302
    response = client.post(step(slug), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Case.objects.count() == 0


def test_a_future_date_is_refused(pelapor, login):
    client = login(pelapor)
    client.post(step("tempat"), PLACE)
    client.post(step("kejadian"), WHAT)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(step("waktu"), {"occurred_on": tomorrow})
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()


def test_a_place_outside_the_users_area_is_refused_on_the_place_step(pelapor, login):
    client = login(pelapor)
    response = client.post(step("tempat"), {"province": "32", "regency": "3273",
                                            "district": "327302", "offered": "4"})
    assert response.status_code == 400
    assert "You may not register reports for this region." in response.content.decode()
    assert client.get(step("kejadian")).url == step("tempat")  # not answered


def test_a_service_error_at_the_end_opens_the_step_it_belongs_to(pelapor, login):
    client = login(pelapor)
    walk_to_review(client)
    Category.objects.filter(code="rumah_ibadah").update(is_active=False)
    response = client.post(step("periksa"))
    assert response.status_code == 302 and response.url == step("jenis")
    assert Case.objects.count() == 0
    page = client.get(step("jenis")).content.decode()
    assert "There is a problem" in page
    # The other answers are kept: fixing the one step leads back to the check.
    Category.objects.filter(code="rumah_ibadah").update(is_active=True)
    response = client.post(step("jenis"), {"category": "rumah_ibadah"})
    assert response.url == step("periksa")
    assert client.post(step("periksa")).status_code == 302
    assert Case.objects.get().category_id == "rumah_ibadah"


def test_the_draft_survives_reloads_and_the_back_button(pelapor, login):
    client = login(pelapor)
    client.post(step("tempat"), PLACE)
    client.post(step("kejadian"), WHAT)
    # Back to the earlier step: the answer is still there.
    page = client.get(step("kejadian")).content.decode()
    assert "Penolakan renovasi musala" in page and "Warga RT 03" in page
    # A jump ahead lands on the first step without an answer.
    assert client.get(step("pelapor")).url == step("waktu")
    assert client.get(START).url == step("waktu")


def test_from_the_review_any_step_can_be_changed(pelapor, login):
    client = login(pelapor)
    walk_to_review(client)
    page = client.get(step("kejadian") + "?review=1").content.decode()
    assert 'name="back_to_review"' in page
    response = client.post(step("kejadian"), {"title": "Judul baru", "chronology": "Isi.",
                                              "back_to_review": "1"})
    assert response.url == step("periksa")
    assert "Judul baru" in client.get(step("periksa")).content.decode()


def test_start_over_clears_the_draft(pelapor, login):
    client = login(pelapor)
    walk_to_review(client)
    response = client.post(START, {"restart": "1"})
    assert response.status_code == 302 and response.url == step("tempat")
    assert client.get(step("periksa")).url == step("tempat")
    assert "Penolakan" not in client.get(step("kejadian"), follow=True).content.decode()


def test_roles_that_may_not_register_get_403(make_user, login):
    for role in ("analis", "auditor"):
        client = login(make_user("own", role))
        assert client.get(START).status_code == 403
        assert client.get(step("tempat")).status_code == 403
        assert client.post(step("tempat"), PLACE).status_code == 403
    assert Case.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(step("tempat"))
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


def test_unknown_step_is_404(pelapor, login):
    assert login(pelapor).get(step("entah")).status_code == 404


def test_every_step_page_is_phone_friendly_and_links_the_glossary(pelapor, login):
    client = login(pelapor)
    answers = [PLACE, WHAT, {"quick": "today"}, {"category": "lainnya"},
               {"alert_level": "1"}, {"source_channel": "langsung"}]
    for slug, data in zip(["tempat", "kejadian", "waktu", "jenis", "tingkat", "pelapor"],
                          answers, strict=True):
        page = client.get(step(slug)).content.decode()
        assert "css/guided.css" in page and "js/guided-intake.js" in page
        assert "Start over" in page
        assert reverse("glossary") in page
        assert "<script>" not in page and "style=" not in page  # CSP: no inline code
        client.post(step(slug), data)
    page = client.get(step("periksa")).content.decode()
    assert page.count("?review=1") == 6


def test_the_desktop_form_still_works_and_links_the_guided_intake(pelapor, login):
    client = login(pelapor)
    page = client.get(reverse("case-create")).content.decode()
    assert reverse("guided-intake") in page
    data = {**PLACE, **WHAT, "category": "rumah_ibadah", "subcategory": "",
            "occurred_on": timezone.localdate().isoformat(), "occurred_precision": "day",
            "alert_level": "1", "location_code": "", "legal_stage": "pencegahan",
            "source_channel": "langsung", "reporter_name": "", "reporter_contact": ""}
    response = client.post(reverse("case-create"), data)
    assert response.status_code == 302
    assert Case.objects.get().handling_unit.code == "327301"


def test_pressing_send_twice_creates_one_case(pelapor, login):
    client = login(pelapor)
    walk_to_review(client)
    assert client.post(step("periksa")).status_code == 302
    second = client.post(step("periksa"))
    assert second.status_code == 302 and second.url == step("tempat")
    assert Case.objects.count() == 1


def test_changing_the_place_from_the_review_keeps_the_way_back(make_user, login):
    client = login(make_user("kanwil", "pelapor"))
    walk_to_review(client)
    response = client.post(step("tempat"), {"province": "32", "regency": "3204",
                                            "offered": "2", "back_to_review": "1"})
    assert response.url == step("tempat") + "?review=1"
    page = client.get(response.url).content.decode()
    assert 'value="3204" selected' in page and 'name="back_to_review"' in page
