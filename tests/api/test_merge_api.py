"""POST /cases/{number}/merge {"into", "reason"} and the related-case links."""

import pytest

from selaras.cases.models import CaseEvent, CaseRelation, Note, Status
from selaras.parties.models import CaseParty

from .handling_helpers import all_counts, delete, linked_party, verified


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def original(make_case):
    return make_case(title="Penolakan renovasi musala")


@pytest.fixture
def duplicate(make_case):
    return make_case(title="Penolakan renovasi musala (laporan kedua)")


def merge(client, duplicate, body):
    return client.post(f"/api/v1/cases/{duplicate.number}/merge", body)


def test_merge_rejects_the_duplicate_and_moves_its_content(api_as, kepala, original,
                                                          duplicate):
    verified(duplicate, kepala)
    _party, link = linked_party(duplicate, kepala)
    client = api_as(kepala)
    client.post(f"/api/v1/cases/{duplicate.number}/notes", {"body": "Laporan via WhatsApp"})
    response = merge(client, duplicate, {"into": original.number, "reason": "Kejadian sama"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == Status.DITOLAK and data["duplicate_of"] == original.number
    assert data["reject_reason"] == "duplikat"
    assert CaseParty.objects.get(pk=link.pk).case_id == original.pk
    assert Note.objects.filter(case=original).count() == 1
    assert CaseEvent.objects.filter(case=duplicate, action="merged_into").exists()
    assert CaseEvent.objects.filter(case=original, action="merged_from").exists()
    parties = client.get(f"/api/v1/cases/{original.number}/parties").json()
    assert parties["count"] == 1


def test_merge_at_intake(api_as, kepala, original, duplicate):
    response = merge(api_as(kepala), duplicate, {"into": original.number, "reason": "Ganda"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.DITOLAK


@pytest.mark.parametrize("into", ["KSBK-0000-2026-99999", "", "self"])
def test_a_bad_original_is_422_under_into(api_as, kepala, duplicate, into):
    into = duplicate.number if into == "self" else into
    before = all_counts()
    response = merge(api_as(kepala), duplicate, {"into": into, "reason": "Ganda"})
    assert response.status_code == 422, response.content
    assert list(response.json()["errors"]) == ["into"]
    assert all_counts() == before


def test_an_original_outside_jurisdiction_is_like_an_unknown_one(api_as, kepala, make_case,
                                                                duplicate):
    far = make_case(location="317101")
    before = all_counts()
    response = merge(api_as(kepala), duplicate, {"into": far.number, "reason": "Ganda"})
    assert response.status_code == 422
    assert "into" in response.json()["errors"]
    assert all_counts() == before


@pytest.mark.parametrize("body", [{"into": "X"}, {"reason": "x"}, {"into": 5, "reason": "x"},
                                  {"into": "X", "reason": "x", "extra": 1}])
def test_wrong_bodies_are_422(api_as, kepala, duplicate, body):
    before = all_counts()
    assert merge(api_as(kepala), duplicate, body).status_code == 422
    assert all_counts() == before


def test_missing_reason_is_422(api_as, kepala, original, duplicate):
    response = merge(api_as(kepala), duplicate, {"into": original.number, "reason": ""})
    assert response.status_code == 422 and "reason" in response.json()["errors"]


def test_only_the_head_may_merge_and_outsiders_get_404(api_as, make_user, original, duplicate):
    before = all_counts()
    body = {"into": original.number, "reason": "Ganda"}
    assert merge(api_as(make_user("own", "penangan")), duplicate, body).status_code == 403
    assert merge(api_as(make_user("sibling", "kepala")), duplicate, body).status_code == 404
    assert all_counts() == before


def test_a_rejected_case_cannot_be_merged_again(api_as, kepala, original, duplicate, make_case):
    client = api_as(kepala)
    assert merge(client, duplicate, {"into": original.number, "reason": "G"}).status_code == 200
    third = make_case()
    response = merge(client, duplicate, {"into": third.number, "reason": "G"})
    assert response.status_code == 409


def test_related_cases_link_list_and_unlink(api_as, kepala, original, duplicate, make_user):
    client = api_as(kepala)
    base = f"/api/v1/cases/{original.number}/related"
    linked = client.post(base, {"other": duplicate.number, "reason": "Lokasi sama"})
    assert linked.status_code == 201, linked.content
    assert linked.json()["number"] == duplicate.number
    assert [c["number"] for c in client.get(base).json()["items"]] == [duplicate.number]
    other_side = client.get(f"/api/v1/cases/{duplicate.number}/related").json()
    assert [c["number"] for c in other_side["items"]] == [original.number]
    assert client.post(base, {"other": duplicate.number}).status_code == 422  # already
    assert client.post(base, {"other": original.number}).status_code == 422  # itself
    assert api_as(make_user("sibling", "kepala")).get(base).status_code == 404

    removed = delete(client, f"{base}/{duplicate.number}", "reason=Keliru")
    assert removed.status_code == 204, removed.content
    assert CaseRelation.objects.count() == 0
    assert delete(client, f"{base}/{duplicate.number}").status_code == 422


def test_related_list_hides_cases_one_cannot_see(api_as, kepala, make_user, make_case,
                                                 original, pusat_kepala):
    from selaras.cases import relations

    far = make_case(location="317101")
    relations.link_related(actor=pusat_kepala, case=original, other=far)
    shown = api_as(kepala).get(f"/api/v1/cases/{original.number}/related").json()
    assert shown["count"] == 0
