"""Agreements of a case: record, kept, breached (a breach reopens a resolved case)."""

import pytest

from selaras.cases import services as case_services
from selaras.cases.models import Status
from selaras.handling import services

from .handling_helpers import all_counts, days_from_today, handled, linked_party, today


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case, kepala):
    return handled(make_case(), kepala)


@pytest.fixture
def parties(case, penangan):
    first, _ = linked_party(case, penangan, name="Pengurus Musala", role="pengadu")
    second, _ = linked_party(case, penangan, name="Warga RT 03", role="teradu")
    return first, second


def record(client, case, parties, **extra):
    return client.post(f"/api/v1/cases/{case.number}/agreements", {
        "parties": [p.pk for p in parties], "terms": "Renovasi dilanjutkan.",
        "signed_on": today(), "follow_up_dates": [days_from_today(30), days_from_today(7)],
        **extra})


def test_record_an_agreement(api_as, penangan, case, parties):
    response = record(api_as(penangan), case, parties)
    assert response.status_code == 201, response.content
    data = response.json()
    assert {p["id"] for p in data["parties"]} == {p.pk for p in parties}
    assert [f["due_on"] for f in data["follow_ups"]] == [days_from_today(7),
                                                         days_from_today(30)]
    assert data["status"] == "active"
    assert api_as(penangan).get(f"/api/v1/cases/{case.number}/agreements").json()["count"] == 1


def test_parties_must_belong_to_the_case(api_as, penangan, make_case, kepala, case):
    stranger, _ = linked_party(handled(make_case(), kepala), penangan, name="Orang Lain")
    before = all_counts()
    response = record(api_as(penangan), case, [stranger], follow_up_dates=["2000-01-01"])
    assert response.status_code == 422
    assert {"parties", "follow_up_dates"} <= set(response.json()["errors"])
    assert all_counts() == before


def test_kept(api_as, penangan, case, parties):
    agreement = record(api_as(penangan), case, parties).json()
    path = f"/api/v1/cases/{case.number}/agreements/{agreement['id']}"
    kept = api_as(penangan).post(path + "/kept", {"note": "Dipatuhi"})
    assert kept.status_code == 200 and kept.json()["status"] == "kept"
    assert kept.json()["status_note"] == "Dipatuhi"
    assert api_as(penangan).post(path + "/kept", {}).status_code == 409


def test_a_breach_reopens_a_resolved_case_only_for_the_head(api_as, kepala, penangan, case,
                                                            parties):
    agreement = record(api_as(penangan), case, parties).json()
    case_services.perform_transition(actor=kepala, case=case, action="resolve",
                                     outcome="damai", reason="Sepakat")
    path = f"/api/v1/cases/{case.number}/agreements/{agreement['id']}/breached"
    before = all_counts()
    refused = api_as(penangan).post(path, {"reason": "Pagar dirusak lagi"})
    assert refused.status_code == 403
    assert all_counts() == before
    missing = api_as(kepala).post(path, {})
    assert missing.status_code == 422 and "reason" in missing.json()["errors"]
    breached = api_as(kepala).post(path, {"reason": "Pagar dirusak lagi"})
    assert breached.status_code == 200, breached.content
    assert breached.json()["status"] == "breached"
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    assert api_as(kepala).post(path, {"reason": "lagi"}).status_code == 409


def test_an_agreement_of_another_case_is_404(api_as, penangan, kepala, make_case, case,
                                             parties):
    other = handled(make_case(), kepala)
    party, _ = linked_party(other, penangan, name="Pihak Lain")
    agreement = services.record_agreement(actor=penangan, case=other, parties=[party],
                                          terms="T", signed_on=today())
    for suffix, body in (("kept", {}), ("breached", {"reason": "x"})):
        response = api_as(kepala).post(
            f"/api/v1/cases/{case.number}/agreements/{agreement.pk}/{suffix}", body)
        assert response.status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_outsiders_get_404(api_as, make_user, penangan, case, parties):
    agreement = record(api_as(penangan), case, parties).json()
    client = api_as(make_user("other_province", "kepala"))
    before = all_counts()
    assert client.get(f"/api/v1/cases/{case.number}/agreements").status_code == 404
    assert client.post(f"/api/v1/cases/{case.number}/agreements/{agreement['id']}/kept",
                       {}).status_code == 404
    assert all_counts() == before
