"""The service worker's precache of the offline intake page does not eat a flash message.

The worker fetches the page in the background with the user's cookies (sw.js ``warm()``:
at install and after a sign-in). A message waiting for the next page — "Case KSBK-… is
registered", set just before a redirect — would otherwise be rendered into that
background copy (and kept in the worker's cache, shown on every offline visit) and
deleted from the cookie or session storage, so the user would never see it. The offline
page never renders messages, and a background request leaves them where they are.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from selaras.cases.models import Case

# What Chromium sends with the worker's fetch(url, {credentials: "same-origin"}).
WORKER_FETCH = {"Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty",
                "Sec-Fetch-Site": "same-origin"}
NAVIGATE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
STORAGES = {
    "cookie (the default fallback storage)":
        "django.contrib.messages.storage.fallback.FallbackStorage",
    "session": "django.contrib.messages.storage.session.SessionStorage",
}


@pytest.fixture(params=list(STORAGES.values()), ids=list(STORAGES))
def storage(request, settings):
    settings.MESSAGE_STORAGE = request.param
    return request.param


@pytest.fixture
def reporter(client, make_user, settings):
    client.force_login(make_user("own", "pelapor", username="penyuluh_pesan"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def register_a_case(client) -> str:
    """The desktop form: POST, then the redirect that carries the success message."""
    response = client.post(reverse("case-create"), {
        "title": "Penolakan renovasi musala", "chronology": "Warga RT 03 menolak renovasi.",
        "category": "rumah_ibadah", "alert_level": "1", "occurred_precision": "day",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "province": "32", "regency": "3273", "district": "327301", "village": "3273011001",
        "legal_stage": "pencegahan", "source_channel": "whatsapp",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    number = Case.objects.get().number
    assert response["Location"] == reverse("case-detail", args=[number])
    return number


@pytest.mark.parametrize("headers", [WORKER_FETCH, {}], ids=["sec-fetch", "no-sec-fetch"])
def test_the_worker_precache_leaves_the_message_for_the_next_page(reporter, storage, headers):
    number = register_a_case(reporter)

    # The worker warms its cache between the redirect and the next page.
    precached = reporter.get(reverse("offline-intake"), headers=headers)
    assert precached.status_code == 200
    html = precached.content.decode()
    assert number not in html, "the message was rendered into the page the worker keeps"
    assert 'class="messages"' not in html
    assert "messages" not in precached.cookies, "the precache rewrote the message cookie"
    assert reporter.get(reverse("offline-regions"), headers=headers).status_code == 200

    page = reporter.get(reverse("case-detail", args=[number]), headers=NAVIGATE)
    assert f"Case {number} is registered" in page.content.decode()
    # Shown once, then gone.
    again = reporter.get(reverse("case-detail", args=[number]), headers=NAVIGATE)
    assert f"Case {number} is registered" not in again.content.decode()


def test_opening_the_offline_page_does_not_show_or_use_up_a_message(reporter, storage):
    """A real visit to the offline page is kept by the worker too (sw.js ``navigation``):
    the message waits for the next ordinary page instead."""
    number = register_a_case(reporter)
    opened = reporter.get(reverse("offline-intake"), headers=NAVIGATE)
    assert opened.status_code == 200
    assert number not in opened.content.decode()
    assert f"Case {number} is registered" in reporter.get(
        reverse("home"), headers=NAVIGATE).content.decode()


def test_other_pages_still_show_the_message(reporter, storage):
    number = register_a_case(reporter)
    html = reporter.get(reverse("case-list"), headers=NAVIGATE).content.decode()
    assert 'class="messages"' in html and f"Case {number} is registered" in html


def _through_middleware(view, request):
    from django.contrib.messages.middleware import MessageMiddleware

    from selaras.accounts.sessions import SessionMiddleware

    return SessionMiddleware(MessageMiddleware(view))(request)


@pytest.mark.django_db
@pytest.mark.parametrize(("headers", "kept"), [(WORKER_FETCH, True), ({}, True),
                                               (NAVIGATE, False)],
                         ids=["worker-fetch", "no-sec-fetch", "navigation"])
def test_a_background_view_that_reads_the_messages_leaves_them_stored(rf, headers, kept):
    """The guard in views_offline.background_safe, for a background view that does read the
    messages (none of today's does): they are still there for the next page."""
    from django.contrib import messages
    from django.http import HttpResponse

    from selaras.cases.views_offline import background_safe

    def add(request):
        messages.success(request, "Kasus tercatat")
        return HttpResponse()

    @background_safe
    def reads(request):
        return HttpResponse(" ".join(str(m) for m in messages.get_messages(request)))

    waiting = _through_middleware(add, rf.post("/")).cookies["messages"].value
    request = rf.get("/", headers=headers)
    request.COOKIES["messages"] = waiting
    response = _through_middleware(reads, request)
    assert response.content == b"Kasus tercatat"
    if kept:
        assert "messages" not in response.cookies
    else:
        assert response.cookies["messages"].value == ""  # shown, so deleted
