"""Analysts (no personal-data role) see the reporter's identity masked, in every answer."""

from selaras.cases import services


def test_analyst_sees_reporter_masked_in_detail_and_list(api_as, make_user, make_case):
    case = make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    client = api_as(make_user("own", "analis"))
    detail = client.get(f"/api/v1/cases/{case.number}").json()
    assert detail["reporter_name"] != "Budi Santoso"
    assert detail["reporter_contact"] != "0812-0000-1111"
    assert "Santoso" not in detail["reporter_name"] and "0000" not in detail["reporter_contact"]
    item = client.get("/api/v1/cases").json()["items"][0]
    assert item["reporter_name"] == detail["reporter_name"]
    assert item["reporter_contact"] == detail["reporter_contact"]


def test_handlers_see_reporter_unmasked(api_as, make_user, make_case):
    case = make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    detail = api_as(make_user("own", "penangan")).get(f"/api/v1/cases/{case.number}").json()
    assert detail["reporter_name"] == "Budi Santoso"
    assert detail["reporter_contact"] == "0812-0000-1111"


def test_analyst_sees_reporter_changes_masked_in_events(api_as, make_user, make_case):
    case = make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    services.update_case(
        actor=make_user("own", "kepala"), case=case,
        changes={"reporter_name": "Ahmad Fauzi", "reporter_contact": "0813-2222-3333"},
    )
    body = api_as(make_user("own", "analis")).get(f"/api/v1/cases/{case.number}/events").text
    for secret in ("Budi", "Santoso", "Ahmad", "Fauzi", "0812-0000-1111", "0813-2222-3333"):
        assert secret not in body
    handler = api_as(make_user("own", "kepala")).get(f"/api/v1/cases/{case.number}/events").text
    assert "Ahmad Fauzi" in handler
