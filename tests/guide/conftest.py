import pytest


@pytest.fixture
def login(client):
    """Log ``user`` into the test client with the English UI chrome."""
    from django.conf import settings

    def do(user, language: str = "en"):
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return do
