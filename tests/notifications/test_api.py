"""API: GET /notifications (mine only, unread filter), POST /{id}/read, POST /read-all."""

from selaras.notifications.models import Notification
from tests.api.conftest import ApiClient


def test_list_is_mine_newest_first(make_user, note_for):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    older, newer = note_for(me), note_for(me)
    note_for(other)
    response = ApiClient(me).get("/api/v1/notifications")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and data["unread_count"] == 2
    assert [item["id"] for item in data["items"]] == [newer.pk, older.pk]
    assert set(data["items"][0]) >= {"id", "kind", "case", "subject", "body", "url", "read",
                                     "created_at", "read_at"}


def test_unread_filter(make_user, note_for):
    me = make_user("own", "kepala")
    read, unread = note_for(me), note_for(me)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    data = ApiClient(me).get("/api/v1/notifications", {"unread": "1"}).json()
    assert [item["id"] for item in data["items"]] == [unread.pk]
    assert data["count"] == 1


def test_mark_one_read(make_user, note_for):
    me = make_user("own", "kepala")
    note = note_for(me)
    client = ApiClient(me)
    response = client.post(f"/api/v1/notifications/{note.pk}/read")
    assert response.status_code == 200 and response.json()["read"] is True
    first = response.json()["read_at"]
    again = client.post(f"/api/v1/notifications/{note.pk}/read").json()
    assert again["read_at"] == first


def test_another_users_notification_is_404(make_user, note_for):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    theirs = note_for(other)
    response = ApiClient(me).post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404 and "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unknown_id_is_404(make_user):
    response = ApiClient(make_user("own", "kepala")).post("/api/v1/notifications/999999/read")
    assert response.status_code == 404


def test_read_all_marks_only_mine(make_user, note_for):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    note_for(me), note_for(me)
    theirs = note_for(other)
    response = ApiClient(me).post("/api/v1/notifications/read-all")
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert ApiClient(me).get("/api/v1/notifications", {"unread": "1"}).json()["count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_without_token_401(db):
    assert ApiClient().get("/api/v1/notifications").status_code == 401


def test_bad_paging_is_422_not_500(make_user):
    response = ApiClient(make_user("own", "kepala")).get("/api/v1/notifications",
                                                         {"page_size": "abc"})
    assert response.status_code == 422
