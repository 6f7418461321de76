"""Cursor pagination: stable while rows are added, opaque and tamper-proof, every list."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.cases.models import Case
from selaras.handling import services as handling_services
from selaras.handling.models import Task
from selaras.notifications.models import Kind, Notification


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


def _walk(client, path, params, *, between=None):
    """Every item number/id, following next_cursor; ``between`` runs after each page."""
    body = client.get(path, params).json()
    pages = [body]
    while body["next_cursor"]:
        if between:
            between()
        response = client.get(path, {**params, "cursor": body["next_cursor"]})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["page"] is None and body["previous"] is None
        pages.append(body)
    return pages


def _numbers(pages):
    return [item["number"] for page in pages for item in page["items"]]


def test_cursor_walk_returns_every_case_once_in_order(api_as, kepala, make_case):
    for _ in range(7):
        make_case()
    client = api_as(kepala)
    pages = _walk(client, "/api/v1/cases", {"page_size": 3})
    assert [len(p["items"]) for p in pages] == [3, 3, 1]
    by_page = client.get("/api/v1/cases", {"page_size": 100}).json()
    assert _numbers(pages) == [c["number"] for c in by_page["items"]]
    assert pages[-1]["next_cursor"] is None and pages[-1]["next"] is None


def test_new_cases_between_calls_neither_repeat_nor_skip(api_as, kepala, make_case):
    """Offsets would repeat an item when a newer case arrives; cursors do not."""
    originals = {make_case().number for _ in range(6)}
    client = api_as(kepala)
    pages = _walk(client, "/api/v1/cases", {"page_size": 2}, between=lambda: make_case())
    seen = _numbers(pages)
    assert len(seen) == len(set(seen))  # no repeats
    assert originals <= set(seen)  # no skips
    # The newest-first list put every new case before the cursor: none of them is in the walk.
    assert set(seen) == originals


def test_cursor_is_stable_for_every_sort_including_nullable_keys(api_as, kepala, make_case):
    cases = [make_case(alert_level=level) for level in (1, 2, 3, 1, 2)]
    # Two cases without a deadline: NULLs in the "due" sort's leading key.
    Case.objects.filter(pk__in=[cases[0].pk, cases[3].pk]).update(due_at=None)
    Case.objects.filter(pk=cases[1].pk).update(due_at=timezone.now() + timedelta(days=3))
    client = api_as(kepala)
    for sort in ("newest", "oldest", "level", "due", "updated", "number"):
        pages = _walk(client, "/api/v1/cases", {"page_size": 2, "sort": sort})
        full = client.get("/api/v1/cases", {"page_size": 100, "sort": sort}).json()
        assert _numbers(pages) == [c["number"] for c in full["items"]], sort


def test_first_page_by_number_offers_a_cursor_and_next_link_uses_it(api_as, kepala, make_case):
    for _ in range(3):
        make_case(alert_level=3)
    client = api_as(kepala)
    first = client.get("/api/v1/cases", {"page_size": 2, "alert_level": "3"}).json()
    assert first["page"] == 1 and first["next_cursor"]
    second = client.get("/api/v1/cases", {"page_size": 2, "alert_level": "3",
                                           "cursor": first["next_cursor"]}).json()
    assert "cursor=" in second["next"] if second["next"] else second["next_cursor"] is None
    assert len(second["items"]) == 1 and second["count"] == 3
    assert {c["number"] for c in first["items"]}.isdisjoint(
        c["number"] for c in second["items"])


def test_cursor_takes_precedence_over_page(api_as, kepala, make_case):
    for _ in range(4):
        make_case()
    client = api_as(kepala)
    first = client.get("/api/v1/cases", {"page_size": 2}).json()
    again = client.get("/api/v1/cases", {"page_size": 2, "page": 7,
                                         "cursor": first["next_cursor"]}).json()
    assert len(again["items"]) == 2 and again["page"] is None


def _tampered(cursor: str) -> list[str]:
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    flipped = bytearray(raw)
    flipped[len(flipped) // 3] ^= 0x01
    return [
        base64.urlsafe_b64encode(bytes(flipped)).decode().rstrip("="),
        cursor[:-3],
        cursor + "AA",
        "bm90LWEtY3Vyc29y",  # base64 of "not-a-cursor"
        "%%%",
        "x" * 3000,
    ]


def test_tampered_cursor_is_422_with_a_cursor_error(api_as, kepala, make_case):
    for _ in range(3):
        make_case()
    client = api_as(kepala)
    cursor = client.get("/api/v1/cases", {"page_size": 1}).json()["next_cursor"]
    for bad in _tampered(cursor):
        response = client.get("/api/v1/cases", {"page_size": 1, "cursor": bad})
        assert response.status_code == 422, bad
        assert "cursor" in response.json()["errors"]


def test_cursor_of_another_sort_or_list_is_refused(api_as, kepala, make_case):
    for _ in range(3):
        make_case()
    client = api_as(kepala)
    cursor = client.get("/api/v1/cases", {"page_size": 1}).json()["next_cursor"]
    assert client.get("/api/v1/cases", {"cursor": cursor, "sort": "level"}).status_code == 422
    assert client.get("/api/v1/parties", {"cursor": cursor}).status_code == 422


def test_cursor_never_reveals_cases_outside_jurisdiction(api_as, make_user, make_case):
    """A cursor is a position, not a permission: the list stays scoped."""
    own = make_user("own", "kepala")
    elsewhere = make_case(location="3171011001")  # Jakarta, outside the Bandung KUA
    for _ in range(3):
        make_case()
    client = api_as(own)
    pages = _walk(client, "/api/v1/cases", {"page_size": 1})
    assert elsewhere.number not in _numbers(pages)
    assert len(_numbers(pages)) == 3


def test_notifications_walk_by_cursor(api_as, kepala):
    now = timezone.now()
    for i in range(5):
        Notification.objects.create(user=kepala, kind=Kind.CASE_ASSIGNED, subject=f"n{i}",
                                    body="", dedupe_key=f"k{i}")
    # Equal timestamps: the id breaks the tie, so no item is lost at a page boundary.
    Notification.objects.filter(user=kepala).update(created_at=now)
    client = api_as(kepala)
    pages = _walk(client, "/api/v1/notifications", {"page_size": 2})
    ids = [item["id"] for page in pages for item in page["items"]]
    assert len(ids) == 5 == len(set(ids))


def test_parties_walk_by_cursor(api_as, make_user):
    user = make_user("own", "penangan")
    client = api_as(user)
    for name in ("Ahmad", "Budi", "Citra", "Ahmad"):
        response = client.post("/api/v1/parties", {"kind": "perorangan", "name": name,
                                                   "region": "3273011001"})
        assert response.status_code == 201, response.content
    pages = _walk(client, "/api/v1/parties", {"page_size": 3})
    ids = [item["id"] for page in pages for item in page["items"]]
    assert len(ids) == 4 == len(set(ids))


def test_my_tasks_walk_by_cursor_over_annotated_sort_keys(api_as, make_user, make_case):
    handler = make_user("own", "penangan")
    case = make_case()
    for i in range(5):
        handling_services.create_task(
            actor=handler, case=case, title=f"Tugas {i}",
            due_date=timezone.localdate() + timedelta(days=i % 2),  # ties on the date
            assignee_user=handler)
    # One overdue task: the rank annotations (open first, overdue first) lead the order.
    Task.objects.filter(title="Tugas 4").update(due_date=timezone.localdate() - timedelta(days=1))
    client = api_as(handler)
    pages = _walk(client, "/api/v1/tasks/mine", {"page_size": 2})
    ids = [item["id"] for page in pages for item in page["items"]]
    full = client.get("/api/v1/tasks/mine", {"page_size": 100}).json()
    assert ids == [item["id"] for item in full["items"]] and len(ids) == 5
