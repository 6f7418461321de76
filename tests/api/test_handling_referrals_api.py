"""Referrals to outside agencies: create, then PATCH status and response forward only."""

import pytest

from selaras.handling import services

from .handling_helpers import all_counts, days_from_today, handled, today


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case, make_user):
    return handled(make_case(), make_user("own", "kepala"))


def patch(client, case, referral_id, body):
    return client.patch(f"/api/v1/cases/{case.number}/referrals/{referral_id}", body)


def test_create_and_progress(api_as, penangan, case):
    client = api_as(penangan)
    created = client.post(f"/api/v1/cases/{case.number}/referrals", {
        "agency": "polri", "agency_name": "Polrestabes Bandung", "referred_on": today(),
        "reference_number": "B/123/XI/2026", "summary": "Dugaan perusakan pagar"})
    assert created.status_code == 201, created.content
    referral = created.json()
    assert referral["status"] == "sent" and referral["responded_on"] is None

    acknowledged = patch(client, case, referral["id"], {"status": "acknowledged"})
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"
    no_answer = patch(client, case, referral["id"], {"status": "answered"})
    assert no_answer.status_code == 422 and "response" in no_answer.json()["errors"]
    answered = patch(client, case, referral["id"],
                     {"status": "answered", "response": "Sedang diselidiki"})
    assert answered.status_code == 200
    assert answered.json()["responded_on"] == today()
    backwards = patch(client, case, referral["id"], {"status": "sent"})
    assert backwards.status_code == 422 and "status" in backwards.json()["errors"]
    listed = client.get(f"/api/v1/cases/{case.number}/referrals").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "answered"


@pytest.mark.parametrize("body", [
    {"agency": "lainnya", "referred_on": today()},  # needs agency_name
    {"agency": "cia", "referred_on": today()},
    {"agency": "polri", "referred_on": days_from_today(3)},
    {"agency": "polri"},
    {"agency": "polri", "referred_on": today(), "status": "closed"},  # unknown on create
])
def test_create_refuses_bad_input(api_as, penangan, case, body):
    before = all_counts()
    response = api_as(penangan).post(f"/api/v1/cases/{case.number}/referrals", body)
    assert response.status_code == 422, response.content
    assert all_counts() == before


@pytest.mark.parametrize("body", [{"status": "lost"}, {"status": None}, {"responded_on": 5},
                                  {"response": ["x"]}, {"agency": "pemda"}])
def test_patch_refuses_bad_input(api_as, penangan, case, body):
    referral = services.create_referral(actor=penangan, case=case, agency="fkub",
                                        referred_on=today())
    before = all_counts()
    response = patch(api_as(penangan), case, referral.pk, body)
    assert response.status_code == 422, response.content
    assert all_counts() == before


def test_a_referral_of_another_case_is_404(api_as, penangan, make_case, make_user, case):
    other = handled(make_case(), make_user("own", "kepala"))
    referral = services.create_referral(actor=penangan, case=other, agency="fkub",
                                        referred_on=today())
    response = patch(api_as(penangan), case, referral.pk, {"status": "closed"})
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert patch(api_as(penangan), case, "x1", {"status": "closed"}).status_code == 404


def test_analyst_reads_but_may_not_write(api_as, make_user, penangan, case):
    referral = services.create_referral(actor=penangan, case=case, agency="fkub",
                                        referred_on=today())
    analyst = api_as(make_user("own", "analis"))
    assert analyst.get(f"/api/v1/cases/{case.number}/referrals").status_code == 200
    before = all_counts()
    assert patch(analyst, case, referral.pk, {"status": "closed"}).status_code == 403
    assert analyst.post(f"/api/v1/cases/{case.number}/referrals",
                        {"agency": "polri", "referred_on": today()}).status_code == 403
    assert all_counts() == before
