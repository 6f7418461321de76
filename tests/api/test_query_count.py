"""The case list costs the same number of queries for 3 cases as for 15 (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/cases", {"page_size": 100})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def test_list_query_count_is_constant(api_as, make_user, make_case):
    user = make_user("own", "analis")
    client = api_as(user)
    original = make_case()
    for _ in range(2):
        make_case(subcategory="rumah_ibadah_pendirian", confidential=False)
    client.get("/api/v1/cases")  # warm up: the token's last-use stamp is written once
    few, count_few = _list_queries(client)
    for i in range(12):
        make_case(alert_level=1 + i % 3)
    from selaras.cases import services

    services.perform_transition(
        actor=make_user("own", "kepala"), case=make_case(), action="reject",
        reason="ganda", reject_reason="duplikat", duplicate_of=original.number,
    )
    many, count_many = _list_queries(client)
    assert (count_few, count_many) == (3, 16)
    assert few == many, f"{few} queries for 3 cases, {many} for 16"


def test_detail_query_count_is_small(api_as, make_user, make_case):
    case = make_case()
    client = api_as(make_user("own", "kepala"))
    client.get(f"/api/v1/cases/{case.number}")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/api/v1/cases/{case.number}").status_code == 200
    assert len(ctx.captured_queries) <= 8, [q["sql"] for q in ctx.captured_queries]
