"""The unread badge costs one query for a signed-in user and none for a visitor."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from selaras.notifications.context_processors import unread_count


def test_anonymous_costs_no_query(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        value = unread_count(request)["notifications_unread"]
        assert not value
    assert len(queries) == 0


def test_signed_in_costs_one_query_however_often_used(make_user, note_for):
    me = make_user("own", "kepala")
    note_for(me), note_for(me)
    request = RequestFactory().get("/")
    request.user = me
    with CaptureQueriesContext(connection) as queries:
        value = unread_count(request)["notifications_unread"]
        assert value and int(str(value)) == 2 and str(value) == "2"
    assert len(queries) == 1


def test_unused_badge_costs_nothing(make_user):
    me = make_user("own", "kepala")
    request = RequestFactory().get("/")
    request.user = me
    with CaptureQueriesContext(connection) as queries:
        unread_count(request)
    assert len(queries) == 0


def test_a_page_has_one_badge_query(make_user, note_for, login):
    me = make_user("own", "kepala")
    note_for(me)
    client = login(me)
    client.get("/kasus/")  # warm up (session, language)
    with CaptureQueriesContext(connection) as queries:
        client.get("/kasus/")
    badge = [q for q in queries.captured_queries
             if "notifications_notification" in q["sql"]]
    assert len(badge) == 1
