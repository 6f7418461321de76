"""Tasks of a case (create, complete, cancel) and GET /tasks/mine."""

import pytest

from selaras.handling import services
from selaras.handling.models import Task, TaskStatus

from .handling_helpers import all_counts, days_from_today, verified


@pytest.fixture
def kepala(make_user):
    return make_user("own", "kepala")


@pytest.fixture
def penangan(make_user):
    return make_user("own", "penangan")


@pytest.fixture
def case(make_case, kepala):
    return verified(make_case(), kepala)


def task_body(**extra):
    return {"title": "Undang FKUB", "due_date": days_from_today(3), **extra}


def test_assign_to_a_person_by_username(api_as, kepala, penangan, case):
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks",
                                   task_body(assignee_user=penangan.username))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["assignee_user"] == penangan.username and data["assignee_unit"] is None
    assert data["status"] == "open" and data["overdue"] is False
    assert data["created_by"] == kepala.username


def test_assign_to_an_office(api_as, kepala, case):
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks",
                                   task_body(assignee_unit="327301"))
    assert response.status_code == 201, response.content
    assert response.json()["assignee_unit"] == "327301"


@pytest.mark.parametrize("extra", [
    {},  # nobody
    {"assignee_user": "nobody-here"},
    {"assignee_unit": "31"},  # another province's office
    {"assignee_unit": "no-such-unit"},
])
def test_bad_assignee_is_422(api_as, kepala, penangan, case, extra):
    before = all_counts()
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks", task_body(**extra))
    assert response.status_code == 422, response.content
    assert set(response.json()["errors"]) & {"assignee", "assignee_user", "assignee_unit"}
    assert all_counts() == before


def test_both_assignees_and_a_past_date_are_reported_together(api_as, kepala, penangan, case):
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks", {
        "title": "", "due_date": days_from_today(-2), "assignee_user": penangan.username,
        "assignee_unit": "3273"})
    assert response.status_code == 422
    assert {"title", "due_date", "assignee"} <= set(response.json()["errors"])


def test_a_numeric_username_is_not_taken_as_a_user_id(api_as, kepala, penangan, case):
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks",
                                   task_body(assignee_user=str(penangan.pk)))
    assert response.status_code == 422
    assert "assignee_user" in response.json()["errors"]


def test_complete_and_cancel(api_as, kepala, penangan, case):
    client = api_as(kepala)
    base = f"/api/v1/cases/{case.number}/tasks"
    first = client.post(base, task_body(assignee_user=penangan.username)).json()
    second = client.post(base, task_body(assignee_unit="3273")).json()

    done = api_as(penangan).post(f"{base}/{first['id']}/complete", {"note": "Sudah"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["closed_by"] == penangan.username
    assert done.json()["done_at"]
    again = api_as(penangan).post(f"{base}/{first['id']}/complete", {})
    assert again.status_code == 409

    no_reason = client.post(f"{base}/{second['id']}/cancel", {})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    cancelled = client.post(f"{base}/{second['id']}/cancel", {"reason": "Tidak perlu lagi"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    statuses = {t["id"]: t["status"] for t in client.get(base).json()["items"]}
    assert statuses == {first["id"]: "done", second["id"]: "cancelled"}


@pytest.mark.parametrize("task_id", ["abc", "0", "-3", "99999999999999999999999", "777777"])
def test_unknown_task_ids_are_404(api_as, kepala, case, task_id):
    base = f"/api/v1/cases/{case.number}/tasks/{task_id}"
    client = api_as(kepala)
    assert client.post(base + "/complete", {}).status_code == 404
    assert client.post(base + "/cancel", {"reason": "x"}).status_code == 404


def test_a_task_of_another_case_is_404(api_as, kepala, penangan, make_case, case):
    other = verified(make_case(), kepala)
    task = services.create_task(actor=kepala, case=other, title="Lain",
                                due_date=days_from_today(2), assignee_user=penangan)
    response = api_as(kepala).post(f"/api/v1/cases/{case.number}/tasks/{task.pk}/complete", {})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_outsiders_get_404(api_as, kepala, penangan, make_user, case):
    task = services.create_task(actor=kepala, case=case, title="T",
                                due_date=days_from_today(2), assignee_user=penangan)
    client = api_as(make_user("sibling", "kepala"))
    base = f"/api/v1/cases/{case.number}/tasks"
    before = all_counts()
    assert client.get(base).status_code == 404
    assert client.post(base, task_body(assignee_unit="3273")).status_code == 404
    assert client.post(f"{base}/{task.pk}/complete", {}).status_code == 404
    assert all_counts() == before


def test_my_tasks(api_as, kepala, penangan, make_user, case):
    mine = services.create_task(actor=kepala, case=case, title="Punya saya",
                                due_date=days_from_today(5), assignee_user=penangan)
    office = services.create_task(actor=kepala, case=case, title="Untuk kantor",
                                  due_date=days_from_today(1), assignee_unit="3273")
    services.create_task(actor=kepala, case=case, title="Untuk KUA",
                         due_date=days_from_today(1), assignee_unit="327301")
    services.complete_task(actor=kepala, task=Task.objects.get(pk=office.pk))
    client = api_as(penangan)
    data = client.get("/api/v1/tasks/mine").json()
    assert [t["title"] for t in data["items"]] == ["Punya saya", "Untuk kantor"]  # open first
    assert data["items"][0]["case"] == case.number
    assert data["items"][0]["case_title"] == case.title
    assert client.get("/api/v1/tasks/mine", {"open": "true"}).json()["count"] == 1
    assert api_as(make_user("sibling", "penangan")).get("/api/v1/tasks/mine").json()[
        "count"] == 0
    assert mine.pk == data["items"][0]["id"]
    assert client.get("/api/v1/tasks/mine", {"open": "perhaps"}).status_code == 422
