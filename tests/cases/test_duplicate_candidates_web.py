"""Web: the intake form shows similar cases (htmx partial, or the whole page without JS)
and the verifier of a new report can reject it as a duplicate in one step."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from selaras.cases.models import Case, Status

INTAKE = {
    "title": "Penolakan renovasi musala",
    "chronology": "Warga menolak renovasi musala.",
    "category": "rumah_ibadah",
    "province": "32", "regency": "3273", "district": "327301", "village": "3273011001",
    "alert_level": "2",
}


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return do


def test_htmx_check_returns_the_candidates_partial(make_case, make_user, login):
    case = make_case()
    client = login(make_user("own", "pelapor"))
    response = client.post(reverse("case-duplicate-check"), INTAKE, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="duplicate-candidates"')
    assert case.number in response.text and "Similarity" in response.text
    assert "<html" not in response.text
    assert Case.objects.count() == 1  # nothing registered


def test_without_js_the_intake_page_comes_back_with_typed_values(make_case, make_user, login):
    case = make_case()
    client = login(make_user("own", "pelapor"))
    response = client.post(reverse("case-duplicate-check"), INTAKE)
    assert response.status_code == 200
    assert case.number in response.text
    assert 'value="Penolakan renovasi musala"' in response.text
    assert Case.objects.count() == 1


def test_intake_page_has_the_check_button(make_user, login):
    response = login(make_user("own", "pelapor")).get(reverse("case-create"))
    assert 'id="duplicate-candidates"' in response.text
    assert reverse("case-duplicate-check") in response.text


def test_check_needs_a_creating_role(make_user, login):
    response = login(make_user("own", "analis")).post(reverse("case-duplicate-check"), INTAKE)
    assert response.status_code == 403


def test_verifier_sees_candidates_and_marks_duplicate_in_one_step(make_case, make_user, login):
    head = make_user("own", "kepala")
    original = make_case(title="Penolakan renovasi musala Al-Ikhlas",
                         occurred_at=timezone.now() - timedelta(days=5))
    new = make_case(title="Penolakan renovasi musala Al Ikhlas")
    client = login(head)
    page = client.get(reverse("case-detail", args=[new.number]))
    assert 'id="duplicates"' in page.text
    assert f"Mark as duplicate of {original.number}" in page.text
    # Exactly what the candidate's one-step form posts.
    assert f'name="reject-duplicate_of" value="{original.number}"' in page.text
    response = client.post(reverse("case-transition", args=[new.number, "reject"]), {
        "reject-reject_reason": "duplikat", "reject-duplicate_of": original.number,
        "reject-reason": f"Duplicate of {original.number}"})
    assert response.status_code == 302, response.context["failed_form"].errors
    new.refresh_from_db()
    assert new.status == Status.DITOLAK and new.duplicate_of_id == original.pk


def test_no_duplicate_panel_for_who_cannot_reject_or_after_verification(
    make_case, make_user, login, pusat_kepala
):
    from selaras.cases import services

    case = make_case()
    make_case(title=case.title)
    handler_page = login(make_user("own", "penangan")).get(
        reverse("case-detail", args=[case.number]))
    assert 'id="duplicates"' not in handler_page.text
    services.perform_transition(actor=pusat_kepala, case=case, action="verify")
    head_page = login(make_user("own", "kepala")).get(reverse("case-detail", args=[case.number]))
    assert 'id="duplicates"' not in head_page.text
