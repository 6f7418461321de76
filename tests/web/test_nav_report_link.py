"""The main menu's "Report a case" takes a phone to the guided step-by-step intake and a
wider screen to the full form, without JavaScript: two menu items, one hidden by CSS
(display:none, so screen readers and the keyboard meet exactly one). The browser test
tests/browser/test_report_menu_by_screen.py clicks it at both sizes."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.urls import reverse

GUIDED = reverse("guided-intake")
FULL = reverse("case-create")


class MenuItems(HTMLParser):
    """[(li classes, href, aria-current or None)] of the main menu."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []
        self._in_nav = False
        self._li_class = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("class") == "nav":
            self._in_nav = True
        elif self._in_nav and tag == "li":
            self._li_class = attrs.get("class") or ""
        elif self._in_nav and tag == "a":
            self.items.append((self._li_class.split(), attrs.get("href"),
                               attrs.get("aria-current")))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False


def menu(client, url) -> list:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    parser = MenuItems()
    parser.feed(response.content.decode())
    return parser.items


def report_items(client, url) -> dict:
    """{"phone": (href, aria-current), "desktop": (href, aria-current)}."""
    found = {}
    for classes, href, current in menu(client, url):
        for size in ("phone", "desktop"):
            if f"nav__report--{size}" in classes:
                assert "nav__report" in classes
                assert size not in found, f"two {size} report links"
                found[size] = (href, current)
    return found


def test_the_menu_holds_the_guided_link_for_phones_and_the_full_form_for_desktops(
        login, make_user):
    client = login(make_user("child", "pelapor", username="penyuluh_menu"))
    items = report_items(client, reverse("home"))
    assert items == {"phone": (GUIDED, None), "desktop": (FULL, None)}
    # Exactly these two menu items lead to an intake page.
    intake_links = [href for _c, href, _a in menu(client, reverse("home"))
                    if href in (GUIDED, FULL)]
    assert sorted(intake_links) == sorted([GUIDED, FULL])


def test_aria_current_marks_the_page_itself_and_the_section_on_the_other_intake(
        login, make_user):
    client = login(make_user("child", "pelapor", username="penyuluh_current"))
    # The guided intake (redirected to its first step).
    assert report_items(client, GUIDED) == {"phone": (GUIDED, "page"),
                                            "desktop": (FULL, "true")}
    assert report_items(client, reverse("guided-intake-step", args=["tempat"])) == {
        "phone": (GUIDED, "page"), "desktop": (FULL, "true")}
    # The full form.
    assert report_items(client, FULL) == {"phone": (GUIDED, "true"), "desktop": (FULL, "page")}
    # Elsewhere neither is current.
    assert report_items(client, reverse("case-list")) == {"phone": (GUIDED, None),
                                                          "desktop": (FULL, None)}


def test_roles_that_cannot_report_get_neither_link(login, make_user):
    client = login(make_user("child", "analis", username="analis_menu"))
    assert report_items(client, reverse("home")) == {}


def test_each_intake_page_links_to_the_other(login, make_user):
    client = login(make_user("child", "pelapor", username="penyuluh_links"))
    full = client.get(FULL).content.decode()
    assert re.search(rf'<main.*<a href="{GUIDED}">', full, re.S), "full form → guided"
    guided = client.get(GUIDED, follow=True).content.decode()
    assert re.search(rf'<main.*<a href="{FULL}">', guided, re.S), "guided → full form"


def test_the_stylesheet_shows_one_report_link_per_screen_size():
    """display:none (not a visually-hidden clip) outside the item's own screen size; the
    breakpoint is the stylesheet's phone/desktop one (40rem). The buttons' rules are
    ``a.…`` so that they outweigh ``.button { display: inline-block }`` further down."""
    css = (Path(settings.BASE_DIR) / "static" / "css" / "selaras.css").read_text()
    assert re.search(r"^\.nav__report--desktop, a\.report-button--desktop \{ display: none; \}",
                     css, re.M)
    media = re.search(r"@media \(min-width: 40rem\) \{\s*"
                      r"\.nav__report--phone, a\.report-button--phone \{ display: none; \}\s*"
                      r"\.nav__report--desktop \{ display: list-item; \}\s*"
                      r"a\.report-button--desktop \{ display: inline-block; \}\s*\}", css)
    assert media, "the min-width: 40rem block swaps the two report links"


def test_the_home_and_list_buttons_follow_the_menu(login, make_user):
    """The big "Report a case" buttons of the home page and the case list: the guided
    intake for phones, the full form for wider screens, one of each."""
    client = login(make_user("child", "pelapor", username="penyuluh_buttons"))
    for url in (reverse("home"), reverse("case-list")):
        html = client.get(url).content.decode()
        main = html[html.index("<main"):]
        buttons = re.findall(r'<a class="button[^"]*report-button--(phone|desktop)" href="([^"]+)"',
                             main)
        assert sorted(buttons) == [("desktop", FULL), ("phone", GUIDED)], url
