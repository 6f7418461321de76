"""Indonesian by default; English after switching with Django's set_language form."""

from django.urls import reverse


def test_indonesian_by_default_and_english_after_switching(client, make_user, make_case):
    case = make_case()
    client.force_login(make_user("own", "kepala"))
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="id">' in html
    assert "Antrean saya" in html and "Laporkan kasus" in html
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    assert "Verifikasi" in html and "Dilaporkan" in html

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "My queue" in html and "Report a case" in html
    assert "Antrean saya" not in html


def test_login_page_is_indonesian(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="id">' in html
    assert "Masuk" in html
