"""Related cases (listed from both sides), merging a duplicate, and registry links,
through the case page."""

import pytest
from django.urls import reverse

from selaras.cases import services as case_services
from selaras.cases.models import Case, CaseEvent, EventKind, Note, Status
from selaras.cases.relations import link_related
from selaras.registry.models import RegistryLink


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def detail(client, case) -> str:
    return client.get(reverse("case-detail", args=[case.number])).content.decode()


def test_related_cases_link_lists_both_directions(make_case, kepala, login):
    a, b = make_case(title="Kasus A"), make_case(title="Kasus B")
    client = login(kepala)
    response = client.post(reverse("case-related-add", args=[a.number]),
                           {"related-other": b.number, "related-reason": "Pihak sama"})
    assert response.status_code == 302 and response.url.endswith("#related")
    assert "Kasus B" in detail(client, a) and "Kasus A" in detail(client, b)
    assert "Linked to related case" in detail(client, b)
    response = client.post(reverse("case-related-remove", args=[b.number]),
                           {"other": a.number})
    assert response.status_code == 302
    assert "Kasus B" not in detail(client, a).split('id="related"')[1].split("</section>")[0]


def test_related_case_outside_jurisdiction_is_refused_like_an_unknown_number(
        make_case, kepala, login):
    a = make_case()
    jakarta = make_case(location="3171011001")
    response = login(kepala).post(reverse("case-related-add", args=[a.number]),
                                  {"related-other": jakarta.number})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_related-other"' in html and "that you can see" in html
    assert not CaseEvent.objects.filter(kind=EventKind.RELATION).exists()


def test_kepala_merges_a_duplicate(make_case, kepala, login):
    original = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    duplicate = case_services.perform_transition(actor=kepala, case=make_case(),
                                                 action="verify")
    case_services.add_note(actor=kepala, case=duplicate, body="Catatan di duplikat")
    client = login(kepala)
    assert reverse("case-merge", args=[duplicate.number]) in detail(client, duplicate)
    response = client.post(reverse("case-merge", args=[duplicate.number]), {
        "merge-original": original.number, "merge-reason": "Laporan ganda"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DITOLAK and duplicate.duplicate_of == original
    assert Note.objects.get().case == original
    html = client.get(response.url).content.decode()
    assert f"merged into {original.number}" in html
    assert f"Case {duplicate.number} merged into this case" in detail(client, original)


def test_merge_refusals_change_nothing(make_case, kepala, make_user, login):
    case = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    penangan = login(make_user("own", "penangan"))
    assert reverse("case-merge", args=[case.number]) not in detail(penangan, case)
    assert penangan.post(reverse("case-merge", args=[case.number]), {
        "merge-original": "X", "merge-reason": "x"}).status_code == 403
    client = login(kepala)
    response = client.post(reverse("case-merge", args=[case.number]), {
        "merge-original": case.number, "merge-reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_merge-reason"' in html
    response = client.post(reverse("case-merge", args=[case.number]), {
        "merge-original": "KSBK-0000-2026-99999", "merge-reason": "Ganda"})
    assert response.status_code == 400
    assert 'href="#id_merge-original"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.TERVERIFIKASI
    assert login(make_user("sibling", "kepala")).post(
        reverse("case-merge", args=[case.number]), {}).status_code == 404


def test_registry_link_added_and_format_errors_shown(make_case, kepala, login):
    case = make_case()
    client = login(kepala)
    response = client.post(reverse("case-registry-add", args=[case.number]), {
        "registry-registry": "simkah", "registry-external_id": "123-ABC"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_registry-external_id"' in html and "0123/045/VI/2024" in html
    assert 'value="123-ABC"' in html and not RegistryLink.objects.exists()
    response = client.post(reverse("case-registry-add", args=[case.number]), {
        "registry-registry": "simas", "registry-external_id": "01.2.12.01.01.000123",
        "registry-label": "Masjid Al-Ikhlas"})
    assert response.status_code == 302 and response.url.endswith("#registry-links")
    link = RegistryLink.objects.get(case=case)
    html = detail(client, case)
    assert "Masjid Al-Ikhlas" in html and "Linked to SIMAS (mosques) 01.2.12.01.01.000123" in html
    response = client.post(reverse("case-registry-remove", args=[case.number, link.pk]), {})
    assert response.status_code == 302 and not RegistryLink.objects.exists()


def test_analyst_and_outsiders_cannot_touch_relations_or_links(make_case, kepala, make_user,
                                                              login):
    a, b = make_case(), make_case()
    link_related(actor=kepala, case=a, other=b)
    analyst = login(make_user("own", "analis"))
    html = detail(analyst, a)
    assert b.number in html  # listed
    assert reverse("case-related-remove", args=[a.number]) not in html
    assert analyst.post(reverse("case-related-add", args=[a.number]),
                        {"related-other": b.number}).status_code == 403
    assert analyst.post(reverse("case-registry-add", args=[a.number]), {}).status_code == 403
    sibling = login(make_user("sibling", "kepala"))
    assert sibling.post(reverse("case-related-add", args=[a.number]), {}).status_code == 404
    assert sibling.post(reverse("case-registry-add", args=[a.number]), {}).status_code == 404
