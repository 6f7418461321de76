import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on_commit callbacks (deliveries) of what happens inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def login(client):
    """Log ``user`` into the test client with the English UI."""
    from django.conf import settings

    def do(user, language: str = "en"):
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return do


@pytest.fixture
def note_for():
    """An in-app notification for ``user`` (no outside channels)."""
    from selaras.notifications.services import notify

    counter = {"n": 0}

    def make(user, *, subject="Pemberitahuan", kind="deadline_reminder", url="/kasus/"):
        counter["n"] += 1
        return notify(recipients=[user], kind=kind, subject=f"{subject} {counter['n']}",
                      body="Isi pemberitahuan.", dedupe_key=f"test:{counter['n']}", url=url)[0]

    return make
