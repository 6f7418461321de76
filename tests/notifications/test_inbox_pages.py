"""The inbox page shows only my notifications; marking read (one or all) works; someone
else's notification is 404; the header badge shows my unread count."""

from django.urls import reverse

from selaras.notifications.models import Notification


def test_inbox_lists_only_my_notifications(make_user, note_for, login):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    mine = note_for(me, subject="Untuk saya")
    theirs = note_for(other, subject="Untuk orang lain")
    response = login(me).get(reverse("notification-inbox"))
    assert response.status_code == 200
    assert mine.subject in response.text
    assert theirs.subject not in response.text


def test_unread_filter(make_user, note_for, login):
    me = make_user("own", "kepala")
    read, unread = note_for(me), note_for(me)
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    response = login(me).get(reverse("notification-inbox"), {"unread": "1"})
    assert unread.subject in response.text and read.subject not in response.text


def test_mark_one_read_and_open_it(make_user, note_for, login):
    me = make_user("own", "kepala")
    note = note_for(me, url="/kasus/")
    client = login(me)
    response = client.post(reverse("notification-read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/kasus/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_read_never_redirects_off_site(make_user, note_for, login):
    me = make_user("own", "kepala")
    note = note_for(me)
    response = login(me).post(reverse("notification-read", args=[note.pk]),
                              {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("notification-inbox")


def test_someone_elses_notification_is_404_and_stays_unread(make_user, note_for, login):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    theirs = note_for(other)
    response = login(me).post(reverse("notification-read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_mine(make_user, note_for, login):
    me, other = make_user("own", "kepala"), make_user("own", "penangan")
    note_for(me), note_for(me)
    theirs = note_for(other)
    response = login(me).post(reverse("notification-read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_header_badge_shows_my_unread_count(make_user, note_for, login):
    me = make_user("own", "kepala")
    for _ in range(3):
        note_for(me)
    response = login(me).get(reverse("case-list"))
    assert 'class="badge badge--count">3<' in response.text


def test_no_badge_when_all_read(make_user, login):
    me = make_user("own", "kepala")
    response = login(me).get(reverse("case-list"))
    assert "badge--count" not in response.text


def test_mark_read_needs_post(make_user, note_for, login):
    me = make_user("own", "kepala")
    note = note_for(me)
    assert login(me).get(reverse("notification-read", args=[note.pk])).status_code == 405


def test_inbox_needs_login(client):
    response = client.get(reverse("notification-inbox"))
    assert response.status_code == 302 and "/akun/" in response["Location"]
