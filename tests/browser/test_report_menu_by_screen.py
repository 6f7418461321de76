"""The menu's "Laporkan kasus" opens the guided step-by-step intake on a phone and the full
form on a desktop (CSS only; tests/web/test_nav_report_link.py checks the HTML). At each
size the menu exposes exactly one such link to the accessibility tree."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

MENU = "nav.nav"


@pytest.mark.parametrize(("viewport", "lands_on", "heading"), [
    (PHONE, "/kasus/lapor/tempat/", ".guided__progress"),
    ({**DESKTOP, "height": 800}, "/kasus/baru/", "form.case-form"),
], ids=["phone-390x844", "desktop-1280x800"])
def test_the_menu_item_opens_the_intake_that_fits_the_screen(page, live_server, make_user,
                                                             login, viewport, lands_on,
                                                             heading):
    make_user("child", "pelapor", username="penyuluh_menu_layar")
    page.set_viewport_size(viewport)
    login(page, "penyuluh_menu_layar")

    report = page.locator(MENU).get_by_role("link", name="Laporkan kasus")
    expect(report).to_have_count(1)  # the other one is display:none, not just clipped
    with page.expect_navigation():
        report.click()
    assert page.url == f"{live_server.url}{lands_on}"
    expect(page.locator(heading)).to_be_visible()
    # On the page it opened, the (single visible) menu item is the current page.
    expect(page.locator(MENU).get_by_role("link", name="Laporkan kasus")).to_have_attribute(
        "aria-current", "page")
