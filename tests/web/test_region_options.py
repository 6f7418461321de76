"""GET /wilayah/pilihan/?parent=CODE returns the children as <option>s for the htmx picker."""

from django.urls import reverse


def test_children_of_a_regency(make_user, login):
    client = login(make_user("own", "pelapor"))
    response = client.get(reverse("region-options"), {"parent": "3273"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<option value="">')
    assert '<option value="327301">' in html
    assert "3204" not in html


def test_no_parent_gives_provinces_and_picker_names_work(make_user, login):
    client = login(make_user("own", "pelapor"))
    html = client.get(reverse("region-options")).content.decode()
    assert 'value="31"' in html and 'value="32"' in html
    html = client.get(reverse("region-options"), {"province": "31"}).content.decode()
    assert 'value="3171"' in html


def test_bad_parent_gives_only_the_blank_option(make_user, login):
    client = login(make_user("own", "pelapor"))
    for parent in ("abc", "99", "3273011001", "<script>"):
        response = client.get(reverse("region-options"), {"parent": parent})
        assert response.status_code == 200
        assert response.content.decode().count("<option") == 1


def test_expired_session_does_not_put_the_login_page_into_the_select(client):
    response = client.get(reverse("region-options"), {"parent": "32"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert response.content == b""
