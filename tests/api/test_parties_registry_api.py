"""GET/POST /parties and GET /parties/{id}: the registry through the API, with the
registry's visibility rule (404 for a party one cannot see) and masking for analysts."""

import pytest

from selaras.parties.models import Party

from .handling_helpers import all_counts, linked_party

PERSON = {"kind": "perorangan", "name": "Ahmad Fauzi", "region": "3273011001",
          "nik": "3273010101800001", "address": "Jl. Setiabudi 12"}


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


def test_create_answers_201_with_the_party_and_possible_duplicates(api_as, penangan):
    client = api_as(penangan)
    first = client.post("/api/v1/parties", {"kind": "rumah_ibadah", "name": "Masjid Al-Ikhlas",
                                            "region": "327301", "simas_id": "01.2.12.01.01.1"})
    assert first.status_code == 201, first.content
    assert first.json()["possible_duplicates"] == []
    party = first.json()["party"]
    assert party["name"] == "Masjid Al-Ikhlas" and party["simas_id"] == "01.2.12.01.01.1"
    assert party["region_name"]

    again = client.post("/api/v1/parties", {"kind": "rumah_ibadah", "name": "masjid al ikhlas",
                                            "region": "3273011001"})
    assert again.status_code == 201
    assert [p["id"] for p in again.json()["possible_duplicates"]] == [party["id"]]
    assert Party.objects.count() == 2  # a hint, not a refusal


def test_create_reports_every_problem_at_once_and_writes_nothing(api_as, penangan):
    client = api_as(penangan, language="en")
    before = all_counts()
    response = client.post("/api/v1/parties", {"kind": "alien", "region": "9999",
                                               "nik": "123", "simas_id": "x"})
    assert response.status_code == 422, response.content
    assert {"kind", "name", "region", "nik", "simas_id"} <= set(response.json()["errors"])
    assert all_counts() == before


@pytest.mark.parametrize("body", ['{"kind": 1}', '{"name": ["x"]}', '{"unknown": "x"}',
                                  '{"name": "\\u0000"}', "[]", "{"])
def test_create_refuses_wrong_shapes(api_as, penangan, body):
    before = all_counts()
    response = api_as(penangan).post("/api/v1/parties", body)
    assert response.status_code in (400, 422), response.content
    assert response.json()["detail"]
    assert all_counts() == before


def test_analyst_may_not_register_parties(api_as, make_user):
    before = all_counts()
    response = api_as(make_user("own", "analis")).post("/api/v1/parties", PERSON)
    assert response.status_code == 403
    assert all_counts() == before


def test_list_searches_the_visible_parties(api_as, penangan, make_user):
    client = api_as(penangan)
    for name in ("Masjid Al-Ikhlas", "Gereja Pasundan", "Vihara Dharma"):
        assert client.post("/api/v1/parties", {"kind": "rumah_ibadah", "name": name,
                                               "region": "327301"}).status_code == 201
    outsider = make_user("sibling", "penangan")
    api_as(outsider).post("/api/v1/parties", {"kind": "kelompok", "name": "Masjid Jauh",
                                              "region": "320405"})
    everything = client.get("/api/v1/parties").json()
    assert everything["count"] == 3
    found = client.get("/api/v1/parties", {"q": "al ikhlas"}).json()
    assert [p["name"] for p in found["items"]] == ["Masjid Al-Ikhlas"]
    assert client.get("/api/v1/parties", {"q": "masjid"}).json()["count"] == 1
    assert client.get("/api/v1/parties", {"kind": "kelompok"}).json()["count"] == 0
    assert client.get("/api/v1/parties", {"page_size": 2}).json()["next"]


def test_party_detail_lists_only_visible_cases_with_roles(api_as, penangan, make_user,
                                                           make_case):
    mine = make_case()
    party, _link = linked_party(mine, penangan, role="pengadu")
    from selaras.parties import services

    services.link_party_to_case(actor=penangan, case=mine, party=party, role="korban")
    # Kanwil Jawa Barat links the same party to a case elsewhere in the province.
    kanwil = make_user("kanwil", "penangan")
    elsewhere = make_case(location="320405")  # KUA Cileunyi, Kabupaten Bandung
    services.link_party_to_case(actor=kanwil, case=elsewhere, party=party, role="teradu")

    data = api_as(penangan).get(f"/api/v1/parties/{party.pk}").json()
    assert [c["number"] for c in data["cases"]] == [mine.number]
    assert sorted(data["cases"][0]["roles"]) == ["korban", "pengadu"]
    wide = api_as(kanwil).get(f"/api/v1/parties/{party.pk}").json()
    assert {c["number"] for c in wide["cases"]} == {mine.number, elsewhere.number}


@pytest.mark.parametrize("unit_key", ["sibling", "other_province"])
def test_a_party_outside_ones_jurisdiction_is_404(api_as, penangan, make_user, make_case,
                                                  unit_key):
    party, _link = linked_party(make_case(), penangan)
    client = api_as(make_user(unit_key, "kepala"))
    assert client.get(f"/api/v1/parties/{party.pk}").status_code == 404
    assert party.pk not in {p["id"] for p in client.get("/api/v1/parties").json()["items"]}


@pytest.mark.parametrize("party_id", ["abc", "0", "-1", "1.5", "99999999999999999999999",
                                      "9223372036854775807", "%C2%B2"])
def test_malformed_or_unknown_party_ids_are_404(api_as, penangan, party_id):
    response = api_as(penangan).get(f"/api/v1/parties/{party_id}")
    assert response.status_code == 404, response.content
    assert response.json()["detail"]


def test_analyst_sees_persons_masked_in_the_registry(api_as, penangan, make_user):
    created = api_as(penangan).post("/api/v1/parties", PERSON).json()["party"]
    assert created["nik"] == PERSON["nik"]  # the one who registered it sees it
    analyst = api_as(make_user("own", "analis"))
    shown = analyst.get(f"/api/v1/parties/{created['id']}").json()
    listed = analyst.get("/api/v1/parties").json()["items"][0]
    for data in (shown, listed):
        assert data["nik"] == "•" * 16
        assert PERSON["name"] not in str(data) and PERSON["address"] not in str(data)
    # An institution is not personal data.
    api_as(penangan).post("/api/v1/parties", {"kind": "lembaga", "name": "FKUB Kota Bandung",
                                              "region": "327301"})
    names = {p["name"] for p in analyst.get("/api/v1/parties").json()["items"]}
    assert "FKUB Kota Bandung" in names
