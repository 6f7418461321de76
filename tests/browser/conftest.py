"""Browser end-to-end tests (issue #9 item 7): pytest-playwright driving Debian's Chromium.

* Chromium is ``/usr/bin/chromium`` (``SELARAS_CHROMIUM`` overrides). Without it the
  browser tests are skipped with a plain reason — unless ``SELARAS_REQUIRE_BROWSER=1``
  (set by ``.ci/run``), which turns the missing browser into a failure.
* The server is pytest-django's ``live_server`` (a real HTTP server in a thread). It
  needs committed data, so these tests are transactional: Django empties every table
  after each of them. ``reference_data`` puts the regions, the office tree and the rows
  the data migrations seed back before each test, so the order of tests does not matter.
* Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
  from a thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The test
  thread only prepares data, so that is safe here.
* Screenshots for the in-app guide go to ``static/guide/screenshots/`` through the
  ``guide_shot`` fixture (only when ``SELARAS_GUIDE_SCREENSHOTS=1``, so an ordinary test
  run does not rewrite committed images); a failed test's page goes to
  ``test-results/<test id>.png`` as an artefact (git-ignored).
* Timeouts are longer than Playwright's defaults (busy CI machines); waiting stays
  event-driven, so passing tests are not slower for it. No sleeps anywhere.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SELARAS_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
GUIDE_SCREENSHOTS = REPO / "static" / "guide" / "screenshots"
FAILURE_ARTEFACTS = REPO / "test-results"

# The machines running the suite are often busy (load far above the core count): wait
# longer than Playwright's defaults before calling a page or an assertion failed.
# Waiting is still event-driven (auto-waiting, expect polling); a passing test takes no
# longer for it.
EXPECT_TIMEOUT_MS = 15_000
ACTION_TIMEOUT_MS = 45_000
NAVIGATION_TIMEOUT_MS = 60_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

# A phone (the counsellor's) and an office desktop.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}



def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) or Path(CHROMIUM).exists())


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [item for item in items if Path(str(item.fspath)).is_relative_to(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if chromium_available() or not browser_items:
        return
    if os.environ.get("SELARAS_REQUIRE_BROWSER") == "1":
        # Collected, then failed in setup by the fixture below (clear message, no skip).
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: browser tests skipped "
                                   "(apt-get install chromium; .ci/run installs it)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a screenshot of its page in test-results/ (an artefact
    for CI). Taken only on failure, while the page is still open: passing runs pay nothing
    (pytest-playwright's own ``--screenshot only-on-failure`` shoots every page)."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or page is None:
        return
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid).strip("-")
    path = FAILURE_ARTEFACTS / f"{name}.png"
    try:
        FAILURE_ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), timeout=10_000)
    except Exception as exc:  # the page may have crashed: the failure itself matters more
        report.sections.append(("failure screenshot", f"not taken: {exc}"))
    else:
        report.sections.append(("failure screenshot", str(path)))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not chromium_available():
        pytest.fail(f"SELARAS_REQUIRE_BROWSER=1 but Chromium is not at {CHROMIUM}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-dev-shm-usage", "--lang=id-ID"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta",
            "viewport": DESKTOP}


@pytest.fixture
def page(page):
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return page


@pytest.fixture(autouse=True)
def _browser_setup(reference_data, settings):
    # The live server speaks plain HTTP: secure-only cookies (the PostgreSQL run's
    # production-like default) would never reach it.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def login(live_server):
    """login(page, username, password=PASSWORD): sign in through the real login form."""
    from tests.conftest import PASSWORD

    def do(page, username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").first.click()
        assert "/akun/masuk/" not in page.url, f"login as {username} failed"
        return page

    return do


@pytest.fixture
def guide_shot():
    """guide_shot(page, "pelapor-01-laporan-baru.png", focus=None): the named screenshot of
    the guide (see templates/guide/pages/*.html), written only with
    SELARAS_GUIDE_SCREENSHOTS=1 (viewport only, so the files stay small)."""
    write = os.environ.get("SELARAS_GUIDE_SCREENSHOTS") == "1"

    def shot(page, name: str, focus=None):
        """``focus``: a locator to scroll to the middle of the viewport first."""
        assert name.endswith(".png")
        if focus is not None:
            focus.evaluate("element => element.scrollIntoView({block: 'center'})")
        if write:
            GUIDE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(GUIDE_SCREENSHOTS / name), full_page=False)
        return name

    return shot
