"""Every page renders for a signed-in user; anonymous users are sent to the login page."""

import pytest
from django.urls import reverse


@pytest.fixture
def case(make_case):
    return make_case()


def page_urls(case):
    return [
        reverse("home"),
        reverse("case-list"),
        reverse("case-create"),
        reverse("case-detail", args=[case.number]),
        reverse("case-edit", args=[case.number]),
    ]


def test_every_page_renders_for_a_head_of_the_handling_office(make_user, case, login):
    client = login(make_user("own", "kepala"))
    for url in page_urls(case):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html
        assert 'href="#main"' in html  # skip link
        assert "htmx-2.min.js" in html
        assert "<script>" not in html and "style=" not in html  # strict CSP: no inline code


def test_anonymous_users_are_redirected_to_login(client, case):
    for url in [*page_urls(case), reverse("region-options")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?next="), url


def test_login_page_renders_and_signs_in(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user("own", "penangan", username="siti")
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    response = client.post(reverse("login"), {"username": "siti", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_wrong_password_shows_an_error_summary(client, make_user):
    make_user("own", "penangan", username="siti")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "siti", "password": "salah"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_logout_is_a_post_form_in_the_header(make_user, login):
    client = login(make_user("own", "kepala"))
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("logout")}" method="post"' in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_header_shows_user_role_and_office(make_user, login):
    client = login(make_user("own", "kepala", username="ahmad"))
    html = client.get(reverse("home")).content.decode()
    assert "Ahmad" in html
    assert "Kankemenag Kota Bandung" in html
