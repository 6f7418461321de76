"""Garbage bodies on every case-handling write endpoint get a 4xx JSON answer, never a 500,
and write nothing; so do garbage ids in paths."""

import pytest

from selaras.handling import services

from .handling_helpers import all_counts, days_from_today, handled, linked_party, today
from .test_never_a_500 import GARBAGE_BODIES

WRITES = [
    ("post", "/api/v1/parties"),
    ("post", "/api/v1/cases/{n}/parties"),
    ("put", "/api/v1/cases/{n}/impact"),
    ("post", "/api/v1/cases/{n}/actions"),
    ("post", "/api/v1/cases/{n}/tasks"),
    ("post", "/api/v1/cases/{n}/tasks/{task}/cancel"),
    ("post", "/api/v1/cases/{n}/agreements"),
    ("post", "/api/v1/cases/{n}/agreements/{agreement}/breached"),
    ("post", "/api/v1/cases/{n}/referrals"),
    ("patch", "/api/v1/cases/{n}/referrals/{referral}"),
    ("post", "/api/v1/cases/{n}/registry-links"),
    ("post", "/api/v1/cases/{n}/related"),
    ("post", "/api/v1/cases/{n}/merge"),
]
EXTRA_BODIES = [
    '{"party": 99999999999999999999999, "role": "korban"}',
    '{"participants": [1e400]}',
    '{"parties": [-1], "terms": "x", "signed_on": "2026-02-30"}',
    '{"new_party": []}',
    '{"new_party": {"kind": "perorangan", "name": "A", "region": "\\u0000"}, "role": "korban"}',
    '{"due_date": "0000-00-00", "title": "x", "assignee_unit": "\\u0000"}',
    '{"follow_up_dates": ["9999-12-31", null]}',
    '{"into": "\\u0000", "reason": "x"}',
    '{"other": "' + "K" * 10_000 + '"}',
    '{"external_id": "' + "9" * 10_000 + '", "registry": "emis"}',
]


@pytest.fixture
def setting(api_as, make_user, make_case):
    kepala = make_user("own", "kepala")
    case = handled(make_case(), kepala)
    party, _ = linked_party(case, kepala)
    ids = {
        "n": case.number,
        "task": services.create_task(actor=kepala, case=case, title="T",
                                     due_date=days_from_today(2), assignee_unit="3273").pk,
        "agreement": services.record_agreement(actor=kepala, case=case, parties=[party],
                                               terms="T", signed_on=today()).pk,
        "referral": services.create_referral(actor=kepala, case=case, agency="fkub",
                                             referred_on=today()).pk,
    }
    return api_as(kepala), ids


def send(client, method, path, body):
    return getattr(client.client, method)(path, body, content_type="application/json",
                                          headers=client.headers)


@pytest.mark.parametrize("body", GARBAGE_BODIES + EXTRA_BODIES)
@pytest.mark.parametrize(("method", "path"), WRITES)
def test_garbage_bodies(setting, method, path, body):
    client, ids = setting
    if body == "{}" and method == "patch":
        pytest.skip("an empty PATCH is a valid request that changes nothing")
    before = all_counts()
    response = send(client, method, path.format(**ids), body)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response.json()["detail"]
    assert all_counts() == before


@pytest.mark.parametrize("path", [
    "/api/v1/parties/%00",
    "/api/v1/parties/" + "9" * 5000,
    "/api/v1/parties?q=%00",
    "/api/v1/parties?region=%00",
    "/api/v1/parties?page=0",
    "/api/v1/tasks/mine?page_size=1000",
    "/api/v1/cases/%00/parties",
    "/api/v1/cases/%00/impact",
    "/api/v1/cases/KSBK%00/actions",
    "/api/v1/cases/%F0%9F%92%A5/attachments",
    "/api/v1/cases/%00/attachments/1/download",
    "/api/v1/cases/{n}/attachments/%00/download",
    "/api/v1/cases/{n}/attachments/1%2F..%2F..%2Fetc/download",
    "/api/v1/cases/" + "X" * 5000 + "/report.pdf",
])
def test_garbage_in_paths_and_queries(setting, path):
    client, ids = setting
    response = client.get(path.format(**ids))
    assert response.status_code in (404, 422), (response.status_code, response.content[:300])
    assert response.json()["detail"]


@pytest.mark.parametrize("path", [
    "/api/v1/cases/{n}/parties/%00",
    "/api/v1/cases/{n}/parties/1?reason=%00",
    "/api/v1/cases/{n}/registry-links/99999999999999999999",
    "/api/v1/cases/{n}/related/%00",
    "/api/v1/cases/{n}/related/KSBK-X?reason=%00",
])
def test_garbage_deletes(setting, path):
    client, ids = setting
    before = all_counts()
    response = client.client.delete(path.format(**ids), headers=client.headers)
    assert response.status_code in (404, 422), (response.status_code, response.content[:300])
    assert all_counts() == before
