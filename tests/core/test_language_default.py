"""The web UI is Indonesian by default, whatever the browser asks; the API negotiates."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_login_page_is_indonesian_even_for_an_english_browser(client):
    response = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"


@pytest.mark.django_db
def test_language_cookie_switches_the_web_ui_to_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/akun/masuk/")
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get("/akun/masuk/")
    assert response["Content-Language"] == "id"


@pytest.mark.django_db
def test_api_follows_accept_language(client):
    response = client.get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Language"] == "en"
