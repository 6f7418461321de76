"""Outside one's jurisdiction a case does not exist (404); visible but not allowed is 403;
not possible in the current state is 409. Nothing is written in any of these cases."""

import pytest

from selaras.cases.models import Status

from .helpers import counts

OUTSIDERS = [("sibling", "kepala"), ("other_province", "kepala"), ("other_kua", "penangan")]


@pytest.fixture
def case(make_case):
    return make_case()  # in Kota Bandung, handled by Kankemenag 3273


@pytest.mark.parametrize(("unit_key", "role"), OUTSIDERS)
def test_outside_jurisdiction_is_404_everywhere(api_as, make_user, case, unit_key, role):
    client = api_as(make_user(unit_key, role))
    base = f"/api/v1/cases/{case.number}"
    before = counts()
    answers = [
        client.get(base),
        client.get(base + "/events"),
        client.get(base + "/notes"),
        client.post(base + "/notes", {"body": "Catatan"}),
        client.post(base + "/transitions", {"action": "verify"}),
        client.post(base + "/transitions", {"action": "no-such-action"}),
        client.patch(base, {"title": "Diubah"}),
    ]
    for response in answers:
        assert response.status_code == 404, (response.request["PATH_INFO"], response.content)
        assert response.json()["detail"]
    assert counts() == before
    listed = client.get("/api/v1/cases").json()
    assert case.number not in {c["number"] for c in listed["items"]}


def test_unknown_number_is_404(api_as, make_user):
    response = api_as(make_user("own", "kepala")).get("/api/v1/cases/KSBK-0000-2026-99999")
    assert response.status_code == 404


def test_confidential_case_is_404_for_a_lower_office(api_as, make_user, make_case):
    case = make_case(confidential=True)  # handled by 3273; KUA 327301 is below it
    client = api_as(make_user("child", "kepala"))
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 404
    assert api_as(make_user("kanwil", "kepala")).get(
        f"/api/v1/cases/{case.number}").status_code == 200


@pytest.mark.parametrize(
    ("unit_key", "role", "action"),
    [
        ("own", "penangan", "verify"),  # role may not verify
        ("own", "analis", "verify"),  # read-only role
        ("own", "pelapor", "reject"),
        ("child", "kepala", "verify"),  # sees the case (its area) but does not handle it
    ],
)
def test_visible_but_not_allowed_is_403(api_as, make_user, case, unit_key, role, action):
    client = api_as(make_user(unit_key, role))
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 200
    before = counts()
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions", {"action": action, "reason": "alasan"}
    )
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    assert counts() == before
    case.refresh_from_db()
    assert case.status == Status.DILAPORKAN


def test_analyst_may_not_write_notes_or_edit(api_as, make_user, case):
    client = api_as(make_user("own", "analis"))
    before = counts()
    assert client.post(f"/api/v1/cases/{case.number}/notes", {"body": "x"}).status_code == 403
    assert client.patch(f"/api/v1/cases/{case.number}", {"title": "x"}).status_code == 403
    assert counts() == before


def test_action_not_possible_in_current_state_is_409(api_as, make_user, case):
    client = api_as(make_user("own", "kepala"))
    before = counts()
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions",
        {"action": "resolve", "reason": "selesai", "outcome": "damai"},
    )
    assert response.status_code == 409, response.content
    assert response.json()["detail"]
    assert counts() == before
    case.refresh_from_db()
    assert case.status == Status.DILAPORKAN


def test_editing_a_closed_case_is_409(api_as, make_user, case):
    client = api_as(make_user("own", "kepala"))
    client.post(f"/api/v1/cases/{case.number}/transitions",
                {"action": "reject", "reason": "bukan KSBK", "reject_reason": "bukan_ksbk"})
    before = counts()
    etag = client.get(f"/api/v1/cases/{case.number}")["ETag"]
    response = client.patch(f"/api/v1/cases/{case.number}", {"title": "Baru"}, **{"If-Match": etag})
    assert response.status_code == 409
    assert counts() == before


def test_creating_outside_ones_region_is_403(api_as, make_user, valid_case_body):
    client = api_as(make_user("other_province", "pelapor"))
    before = counts()
    response = client.post("/api/v1/cases", valid_case_body)  # Bandung, not Jakarta
    assert response.status_code == 403
    assert counts() == before
