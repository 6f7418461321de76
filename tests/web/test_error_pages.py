"""Error pages are the site's own, readable, and never a traceback."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selaras.cases import services


def test_expired_form_csrf_page_is_friendly(make_user, make_case):
    case = make_case()
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    client.force_login(make_user("own", "kepala"))
    response = client.post(reverse("case-transition", args=[case.number, "verify"]))
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()


def test_404_page_uses_the_layout(make_user, login):
    response = login(make_user("own", "kepala")).get("/tidak-ada/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_detail_query_count_does_not_grow_with_timeline(make_user, make_case, login):
    case = make_case()
    kepala = make_user("own", "kepala")
    client = login(kepala)
    url = reverse("case-detail", args=[case.number])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        services.add_note(actor=make_user("own", "penangan"), case=case, body=f"catatan {i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
