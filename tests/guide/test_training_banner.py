"""TRAINING_MODE puts a permanent banner on every page, the login page included."""

from django.urls import reverse

BANNER = "MODE LATIHAN"


def test_banner_on_login_page_in_training_mode(client, settings):
    settings.TRAINING_MODE = True
    html = client.get(reverse("login")).content.decode()
    assert 'id="training-banner"' in html
    assert "MODE LATIHAN</strong> <span lang=\"id\">— data di sini bukan data nyata" in html


def test_banner_on_signed_in_pages_in_training_mode(make_user, login, settings):
    settings.TRAINING_MODE = True
    client = login(make_user("child", "kepala"))
    for url in (reverse("home"), reverse("case-list"), reverse("guide-index")):
        html = client.get(url).content.decode()
        assert BANNER in html, url
        # Banner comes first in the body and has no close button.
        assert html.index('id="training-banner"') < html.index('class="skip-link"')
    # The English line too, since the UI is English here.
    assert "Training mode: nothing here is real data" in html


def test_banner_has_no_dismiss_control(client, settings):
    settings.TRAINING_MODE = True
    html = client.get(reverse("login")).content.decode()
    start = html.index('id="training-banner"')
    banner = html[start:html.index("</div>", start)]
    assert "<button" not in banner and "<form" not in banner


def test_no_banner_outside_training_mode(client, make_user, login, settings):
    settings.TRAINING_MODE = False
    assert BANNER not in client.get(reverse("login")).content.decode()
    client = login(make_user("child", "kepala"))
    assert BANNER not in client.get(reverse("home")).content.decode()
