"""The editing pages change drafts only: on a published version they say so, send the editor
back to the version and change nothing (a kua member gets 403 before that)."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from selaras.playbooks.models import PlaybookVersion

from .conftest import step_data


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_published_version_is_not_changed_by_the_editing_pages(playbook, editor, make_user):
    version = playbook.versions.get(number=1)
    step = version.steps.order_by("position").first()
    before = (version.change_note, version.steps.count(), step.title)
    back = reverse("playbook-version", args=[playbook.pk, 1])
    client = login(editor)
    posts = [
        (reverse("playbook-change-note", args=[playbook.pk, 1]), {"change_note": "Baru"}),
        (reverse("playbook-step-add", args=[playbook.pk, 1]), step_data("Langkah baru")),
        (reverse("playbook-step-edit", args=[step.pk]), step_data("Judul baru")),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302 and response.url == back, url
    page = client.get(back).content.decode()
    assert page.count("Only a draft can be changed. Nothing was changed.") == len(posts)
    version = PlaybookVersion.objects.get(pk=version.pk)
    step.refresh_from_db()
    assert (version.change_note, version.steps.count(), step.title) == before

    kua = login(make_user("child", "kepala"))
    assert kua.post(posts[0][0], posts[0][1]).status_code == 403
    assert kua.post(reverse("playbook-change-note", args=[playbook.pk, 99]),
                    {"change_note": "x"}).status_code == 403
    assert client.post(reverse("playbook-change-note", args=[playbook.pk, 99]),
                       {"change_note": "x"}).status_code == 404
