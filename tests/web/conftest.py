"""Fixtures for the web UI tests (SQLite; the regions of provinces 31 and 32 are loaded).

The ``login`` client has chosen English (language cookie), so assertions on
messages read as the source strings; ``test_language.py`` checks the Indonesian
default separately.
"""

import pytest
from django.conf import settings


@pytest.fixture
def login(client):
    """Log ``user`` into the test client (English UI) and return the client."""

    def do(user, language: str = "en"):
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return do
