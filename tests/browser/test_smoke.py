"""The browser harness itself: Chromium starts, the live server answers, a user signs in."""

from tests.browser.conftest import PHONE


def test_a_kepala_signs_in_and_sees_the_queue(page, live_server, make_user, login):
    make_user("child", "kepala", username="kepala_sukasari")
    login(page, "kepala_sukasari")
    assert "/akun/masuk/" not in page.url
    page.set_viewport_size(PHONE)
    assert page.locator("body").inner_text()
