"""The playbook screens: the case section, complete/skip forms, editing pages, compliance."""

import pytest
from django.conf import settings
from django.urls import reverse

from selaras.cases.models import CaseEvent
from selaras.playbooks.models import PlaybookStep, StepStatus, VersionStatus
from selaras.playbooks.services import current_case_playbook

from .conftest import step_data


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return do


def _row(case, title="Musyawarah"):
    return current_case_playbook(case).progress.get(step__title=title)


def test_case_page_shows_progress_next_step_and_legal_basis(login, verified_case, kepala):
    response = login(kepala).get(reverse("case-detail", args=[verified_case.number]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="playbook"' in body and "0 of 3 steps" in body
    assert "Next step:" in body and "Panduan untuk Musyawarah." in body
    assert "<summary>Legal basis" in body and "Pasal 21 ayat (1)" in body
    assert reverse("case-playbook-step-skip", args=[verified_case.number,
                                                    _row(verified_case).pk]) in body


def test_skip_without_reason_shows_the_error_on_the_case_page(login, verified_case, kepala):
    row = _row(verified_case)
    url = reverse("case-playbook-step-skip", args=[verified_case.number, row.pk])
    response = login(kepala).post(url, {f"step-{row.pk}-skip-reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING


def test_skip_and_complete_show_on_the_timeline(login, verified_case, kepala):
    client = login(kepala)
    row = _row(verified_case)
    response = client.post(
        reverse("case-playbook-step-skip", args=[verified_case.number, row.pk]),
        {f"step-{row.pk}-skip-reason": "Sudah dimusyawarahkan."})
    assert response.status_code == 302
    other = _row(verified_case, "Pendapat FKUB")
    response = client.post(
        reverse("case-playbook-step-complete", args=[verified_case.number, other.pk]),
        {f"step-{other.pk}-done-note": "FKUB memberi saran tertulis."})
    assert response.status_code == 302
    body = client.get(reverse("case-detail", args=[verified_case.number])).content.decode()
    assert "2 of 3 steps" in body
    assert "skipped by" in body and "done by" in body
    assert CaseEvent.objects.filter(case=verified_case, kind="playbook").count() == 3


def test_sibling_unit_gets_404_on_step_urls(login, verified_case, make_user):
    outsider = make_user("sibling", "kepala")
    row = _row(verified_case)
    client = login(outsider)
    for name in ("case-playbook-step-complete", "case-playbook-step-skip"):
        response = client.post(reverse(name, args=[verified_case.number, row.pk]),
                               {f"step-{row.pk}-skip-reason": "x"})
        assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == StepStatus.PENDING


def test_step_of_another_case_is_404(login, verified_case, kepala, make_case):
    from selaras.cases import services as case_services

    other = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    row = _row(other)
    response = login(kepala).post(
        reverse("case-playbook-step-skip", args=[verified_case.number, row.pk]),
        {f"step-{row.pk}-skip-reason": "x"})
    assert response.status_code == 404


def test_catalogue_readable_by_members_edit_pages_pusat_only(login, playbook, make_user, editor):
    version = playbook.versions.get()
    kua = login(make_user("child", "penangan"))
    assert kua.get(reverse("playbook-list")).status_code == 200
    assert kua.get(reverse("playbook-version", args=[playbook.pk, 1])).status_code == 200
    assert kua.get(reverse("playbook-create")).status_code == 403
    assert kua.post(reverse("playbook-draft", args=[playbook.pk])).status_code == 403
    assert kua.post(reverse("playbook-publish", args=[playbook.pk, 1])).status_code == 403
    step = version.steps.first()
    assert kua.post(reverse("playbook-step-remove", args=[step.pk])).status_code == 403
    assert playbook.versions.count() == 1


def test_pusat_edits_a_new_version_and_publishes_it(login, playbook, editor):
    client = login(editor)
    assert client.post(reverse("playbook-draft", args=[playbook.pk])).status_code == 302
    draft = playbook.versions.get(status=VersionStatus.DRAFT)
    page = client.get(reverse("playbook-version", args=[playbook.pk, draft.number]))
    assert "Add a step" in page.content.decode()
    data = {k: v for k, v in step_data("Pemantauan", level=2, hours=720).items()}
    assert client.post(reverse("playbook-step-add", args=[playbook.pk, draft.number]),
                       data).status_code == 302
    bad = client.post(reverse("playbook-step-add", args=[playbook.pk, draft.number]),
                      {"title": ""})
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()
    first = PlaybookStep.objects.get(version=draft, position=1)
    client.post(reverse("playbook-step-move", args=[first.pk]), {"direction": "down"})
    first.refresh_from_db()
    assert first.position == 2
    refused = client.post(reverse("playbook-publish", args=[playbook.pk, draft.number]), {})
    assert refused.status_code == 400  # a second version needs a change note
    ok = client.post(reverse("playbook-publish", args=[playbook.pk, draft.number]),
                     {"change_note": "Langkah pemantauan ditambahkan."})
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.steps.count() == 4


def test_compliance_page_for_pusat_and_kanwil_only(login, verified_case, make_user):
    assert login(make_user("kanwil", "analis")).get(
        reverse("playbook-compliance")).status_code == 200
    assert login(make_user("pusat", "kepala")).get(
        reverse("playbook-compliance")).status_code == 200
    assert login(make_user("own", "kepala")).get(
        reverse("playbook-compliance")).status_code == 403
