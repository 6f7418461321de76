"""POST/GET/DELETE /cases/{number}/parties: a party's role in a case, through the API."""

import pytest

from selaras.cases.models import CaseEvent
from selaras.parties.models import CaseParty, Party

from .handling_helpers import all_counts, delete, linked_party


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case):
    return make_case()


def test_link_a_registered_party(api_as, penangan, case):
    party = api_as(penangan).post("/api/v1/parties", {
        "kind": "kelompok", "name": "Pengurus Musala", "region": "327301"}).json()["party"]
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties",
                                     {"party": party["id"], "role": "pengadu", "note": "Lapor"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["role"] == "pengadu" and data["note"] == "Lapor"
    assert data["party"]["id"] == party["id"] and data["possible_duplicates"] == []
    assert CaseEvent.objects.filter(case=case, kind="party", action="linked").count() == 1


def test_link_a_new_party_inline_with_duplicate_hint(api_as, penangan, case):
    client = api_as(penangan)
    existing = client.post("/api/v1/parties", {"kind": "kelompok", "name": "Warga RT 03",
                                               "region": "327301"}).json()["party"]
    response = client.post(f"/api/v1/cases/{case.number}/parties", {
        "new_party": {"kind": "kelompok", "name": "warga rt 03", "region": "3273011001"},
        "role": "teradu"})
    assert response.status_code == 201, response.content
    assert [p["id"] for p in response.json()["possible_duplicates"]] == [existing["id"]]
    assert Party.objects.count() == 2


@pytest.mark.parametrize("body", [
    {"role": "pengadu"},  # neither
    {"party": 1, "new_party": {"kind": "kelompok", "name": "X", "region": "327301"},
     "role": "pengadu"},  # both
])
def test_either_party_or_new_party(api_as, penangan, case, body):
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties", body)
    assert response.status_code == 422, response.content
    assert "party" in response.json()["errors"]
    assert all_counts() == before


def test_a_refused_link_registers_no_inline_party(api_as, penangan, case):
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties", {
        "new_party": {"kind": "kelompok", "name": "Warga RT 04", "region": "327301"},
        "role": "bukan-peran"})
    assert response.status_code == 422
    assert "role" in response.json()["errors"]
    assert all_counts() == before


def test_inline_party_errors_are_named_under_new_party(api_as, penangan, case):
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties", {
        "new_party": {"kind": "kelompok", "region": "9999"}, "role": "teradu"})
    assert response.status_code == 422
    assert {"new_party.name", "new_party.region"} <= set(response.json()["errors"])


def test_a_party_one_cannot_see_cannot_be_linked(api_as, penangan, make_user, make_case, case):
    far = make_user("other_province", "penangan")
    far_party, _link = linked_party(make_case(location="317101"), far, region="317101")
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties",
                                     {"party": far_party.pk, "role": "teradu"})
    assert response.status_code == 422
    assert "party" in response.json()["errors"]
    assert all_counts() == before


def test_same_party_same_role_twice_is_422(api_as, penangan, case):
    party, _link = linked_party(case, penangan, role="pengadu")
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/parties",
                                     {"party": party.pk, "role": "pengadu"})
    assert response.status_code == 422


def test_analyst_may_not_link(api_as, make_user, penangan, case):
    party, _link = linked_party(case, penangan)
    before = all_counts()
    response = api_as(make_user("own", "analis")).post(
        f"/api/v1/cases/{case.number}/parties", {"party": party.pk, "role": "korban"})
    assert response.status_code == 403
    assert all_counts() == before


def test_unlink_removes_the_role_and_keeps_the_timeline(api_as, penangan, case):
    _party, link = linked_party(case, penangan)
    client = api_as(penangan)
    response = delete(client, f"/api/v1/cases/{case.number}/parties/{link.pk}",
                      "reason=Salah+input")
    assert response.status_code == 204, response.content
    assert not CaseParty.objects.filter(pk=link.pk).exists()
    event = CaseEvent.objects.get(case=case, kind="party", action="unlinked")
    assert event.reason == "Salah input"
    assert client.get(f"/api/v1/cases/{case.number}/parties").json()["count"] == 0


@pytest.mark.parametrize("link_id", ["abc", "0", "99999999999999999999999", "123456"])
def test_unlink_unknown_ids_is_404(api_as, penangan, case, link_id):
    response = delete(api_as(penangan), f"/api/v1/cases/{case.number}/parties/{link_id}")
    assert response.status_code == 404


def test_a_link_of_another_case_is_404(api_as, penangan, make_case, case):
    other = make_case()
    _party, link = linked_party(other, penangan)
    before = all_counts()
    response = delete(api_as(penangan), f"/api/v1/cases/{case.number}/parties/{link.pk}")
    assert response.status_code == 404
    assert all_counts() == before


@pytest.mark.parametrize("unit_key", ["sibling", "other_kua"])
def test_cross_jurisdiction_case_parties_are_404(api_as, make_user, penangan, case, unit_key):
    party, link = linked_party(case, penangan)
    client = api_as(make_user(unit_key, "kepala"))
    base = f"/api/v1/cases/{case.number}/parties"
    before = all_counts()
    assert client.get(base).status_code == 404
    assert client.post(base, {"party": party.pk, "role": "korban"}).status_code == 404
    assert delete(client, f"{base}/{link.pk}").status_code == 404
    assert client.get(f"/api/v1/parties/{party.pk}").status_code == 404
    assert all_counts() == before


def test_analyst_sees_the_reporter_person_masked_in_a_case(api_as, make_user, penangan, case):
    linked_party(case, penangan, kind="perorangan", name="Siti Aminah", role="pelapor",
                 nik="3273014101900002", address="Jl. Dago 1")
    linked_party(case, penangan, kind="lembaga", name="FKUB Kota Bandung", role="mediator")
    shown = api_as(make_user("own", "analis")).get(f"/api/v1/cases/{case.number}/parties")
    text = shown.content.decode()
    assert "Siti Aminah" not in text and "3273014101900002" not in text
    assert "Jl. Dago 1" not in text and "FKUB Kota Bandung" in text
    full = api_as(penangan).get(f"/api/v1/cases/{case.number}/parties").content.decode()
    assert "Siti Aminah" in full and "3273014101900002" in full
