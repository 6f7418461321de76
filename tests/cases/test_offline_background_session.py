"""The offline queue's and the service worker's background requests leave the session as it
is: with SESSION_SAVE_EVERY_REQUEST a background response would otherwise write back the
session it loaded — undoing what a concurrent foreground request stored (an admin change
held for re-authentication) and keeping an idle session alive for ever."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse


@pytest.fixture
def reporter_client(client, make_user):
    client.force_login(make_user("child", "pelapor", username="penyuluh_latar"))
    return client


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.parametrize("name", ["offline-session", "offline-regions", "offline-intake"])
def test_a_background_request_does_not_write_the_session(reporter_client, name):
    before = _session_row(reporter_client)
    response = reporter_client.get(reverse(name), headers={"Sec-Fetch-Mode": "cors"})
    assert response.status_code == 200
    after = _session_row(reporter_client)
    assert (after.expire_date, after.session_data) == (before.expire_date, before.session_data)


def test_opening_the_offline_page_counts_as_activity(reporter_client):
    before = _session_row(reporter_client)
    response = reporter_client.get(reverse("offline-intake"),
                                   headers={"Sec-Fetch-Mode": "navigate"})
    assert response.status_code == 200
    assert _session_row(reporter_client).expire_date >= before.expire_date
