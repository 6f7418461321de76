"""GET/POST/DELETE /cases/{number}/registry-links: SIMAS, SIWAK, SIMKAH and EMIS ids."""

import pytest

from selaras.registry.models import RegistryLink

from .handling_helpers import all_counts, delete


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case):
    return make_case()


def test_add_list_remove(api_as, penangan, case):
    client = api_as(penangan)
    base = f"/api/v1/cases/{case.number}/registry-links"
    added = client.post(base, {"registry": "simas", "external_id": "01.2.12.01.01.000123",
                               "label": "Masjid Al-Ikhlas"})
    assert added.status_code == 201, added.content
    assert added.json()["external_id"] == "01.2.12.01.01.000123"
    emis = client.post(base, {"registry": "emis", "external_id": "1112 3273 0001"})
    assert emis.status_code == 201 and emis.json()["external_id"] == "111232730001"
    assert client.get(base).json()["count"] == 2
    assert client.post(base, {"registry": "simas",
                              "external_id": "01.2.12.01.01.000123"}).status_code == 422
    assert delete(client, f"{base}/{added.json()['id']}", "reason=Salah").status_code == 204
    assert RegistryLink.objects.count() == 1


@pytest.mark.parametrize("body", [
    {"registry": "simkah", "external_id": "123"},
    {"registry": "siak", "external_id": "123"},
    {"registry": "simas"},
    {"registry": "simas", "external_id": 123},
])
def test_bad_ids_are_422_with_an_example(api_as, penangan, case, body):
    before = all_counts()
    response = api_as(penangan, language="en").post(
        f"/api/v1/cases/{case.number}/registry-links", body)
    assert response.status_code == 422, response.content
    assert all_counts() == before
    if body.get("registry") == "simkah":
        assert "0123/045/VI/2024" in response.json()["errors"]["external_id"][0]


def test_other_cases_and_jurisdictions(api_as, penangan, make_user, make_case, case):
    other = make_case()
    link = api_as(penangan).post(f"/api/v1/cases/{other.number}/registry-links",
                                 {"registry": "emis", "external_id": "12345678"}).json()
    assert delete(api_as(penangan),
                  f"/api/v1/cases/{case.number}/registry-links/{link['id']}").status_code == 404
    outsider = api_as(make_user("sibling", "kepala"))
    assert outsider.get(f"/api/v1/cases/{other.number}/registry-links").status_code == 404
    assert RegistryLink.objects.count() == 1
