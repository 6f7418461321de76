"""Offline intake in Chromium (issue #9 items 4 and 7; docs/offline-intake.md): a
counsellor on a phone loses the signal, reports anyway, and the report is sent exactly
once when the connection is back; a refused report comes back to be fixed.

Each test has its own browser context (pytest-playwright's ``page``), so each starts
without a service worker, caches or IndexedDB. ``http://localhost`` is a secure
context: service workers run on the live server.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from selaras.cases.models import Case
from tests.browser.conftest import PHONE
from tests.conftest import VILLAGE_IN_CHILD

PAGE = "/kasus/lapor/luring/"
WAIT = 30_000  # a loaded CI machine: the queue retries after a few seconds


@pytest.fixture(scope="module")
def live_server(request):
    """The live server, handling one request at a time when the database is in-memory
    SQLite.

    pytest-django hands the server's threads the test's single in-memory SQLite
    connection; the service worker fetches the page and the places while the page loads
    them too, and concurrent requests on one SQLite connection fail at random ("SQL
    statements in progress", "bad parameter or other API misuse") or mix their
    transactions. The threads still accept connections in parallel (a single-threaded
    server would hang on Chromium's idle pre-connections); only the application calls
    are serialised. On PostgreSQL every thread has its own connection: left as it is.
    """
    import threading

    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    if any(c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all()):
        httpd = server.thread.httpd
        app = httpd.get_app()
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = app(environ, start_response)
                try:
                    body = b"".join(response)
                finally:
                    if hasattr(response, "close"):
                        response.close()
            return [body]

        httpd.set_app(one_at_a_time)
    yield server
    server.stop()


def _worker_ready(page):
    """Wait until the service worker controls the page and keeps the intake page."""
    page.wait_for_function("""async () => {
        if (!navigator.serviceWorker.controller) { return false; }
        const names = await caches.keys();
        for (const name of names.filter(n => n.startsWith('selaras-page-'))) {
            const cache = await caches.open(name);
            if (await cache.match('/kasus/lapor/luring/') &&
                await cache.match('/kasus/lapor/luring/wilayah.json')) { return true; }
        }
        return false;
    }""", timeout=WAIT)


def _open_intake(page, live_server, *, worker=True):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{PAGE}")
    if worker:
        _worker_ready(page)
    # The places are loaded: the KUA's own district is chosen, its villages offered.
    expect(page.locator("#loc-district")).to_have_value("327301", timeout=WAIT)


def _fill(page, *, title="Penolakan renovasi musala", day=None):
    page.select_option("#loc-village", VILLAGE_IN_CHILD)
    page.fill("#id_title", title)
    page.fill("#id_chronology", "Sekitar 20 warga menolak renovasi musala di RT 03.")
    if day is None:
        page.click("[data-quick-day='1']")
    else:
        page.fill("#id_occurred_on", day)
    page.check("input[name=category][value=rumah_ibadah]")
    page.check("input[name=alert_level][value='1']")


def _submit(page):
    page.click("#offline-submit")


def _item(page, state):
    return page.locator(f"#offline-queue li[data-state={state}]")


def test_offline_report_is_queued_survives_a_reload_and_is_sent_once(
        page, live_server, make_user, login, guide_shot):
    make_user("child", "pelapor", username="penyuluh_luring")
    login(page, "penyuluh_luring")
    _open_intake(page, live_server)

    page.context.set_offline(True)
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "offline", timeout=WAIT)
    _fill(page)
    _submit(page)
    expect(_item(page, "menunggu")).to_have_count(1, timeout=WAIT)
    expect(status).to_have_attribute("data-waiting", "1", timeout=WAIT)
    expect(status).to_contain_text("1")
    page.evaluate("window.scrollTo(0, 0)")  # the header's status and the queue
    guide_shot(page, "pelapor-04-luring-menunggu.png")
    assert Case.objects.count() == 0

    # Without a connection the page still opens (from the service worker) with the queue.
    page.reload()
    expect(page.locator("#offline-form")).to_be_visible()
    expect(_item(page, "menunggu")).to_have_count(1, timeout=WAIT)
    expect(status).to_have_attribute("data-state", "offline", timeout=WAIT)
    expect(page.locator("#loc-district")).to_have_value("327301", timeout=WAIT)

    page.context.set_offline(False)
    sent = _item(page, "terkirim")
    expect(sent).to_have_count(1, timeout=WAIT)
    expect(status).to_have_attribute("data-state", "sent", timeout=WAIT)
    expect(status).to_have_attribute("data-waiting", "0")
    case = Case.objects.get()
    assert case.title == "Penolakan renovasi musala"
    assert case.location_id == VILLAGE_IN_CHILD
    expect(sent.locator("a")).to_contain_text(case.number)
    page.evaluate("window.scrollTo(0, 0)")
    guide_shot(page, "pelapor-05-luring-terkirim.png")

    # Opening the case does not leave it in the worker's caches (shared phones).
    sent.locator("a").click()
    page.wait_for_url(f"**/kasus/{case.number}/")
    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) { urls.push(request.url); }
        }
        return urls;
    }""")
    assert cached, "the worker keeps nothing at all"
    assert not [url for url in cached if "/kasus/" in url and "/kasus/lapor/luring/" not in url]
    assert not [url for url in cached if "/api/" in url]
    assert Case.objects.count() == 1


def test_a_refused_report_comes_back_to_be_fixed_and_is_then_sent(
        page, live_server, make_user, login):
    make_user("child", "pelapor", username="penyuluh_salah")
    login(page, "penyuluh_salah")
    _open_intake(page, live_server, worker=False)
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    _fill(page, day=future)
    _submit(page)

    refused = _item(page, "perlu_diperbaiki")
    expect(refused).to_have_count(1, timeout=WAIT)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "fix", timeout=WAIT)
    assert Case.objects.count() == 0

    refused.locator("button.button").click()
    expect(page.locator("#error-occurred_on")).to_be_visible()
    expect(page.locator("#offline-errors")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Penolakan renovasi musala")
    page.click("[data-quick-day='1']")
    _submit(page)

    expect(_item(page, "terkirim")).to_have_count(1, timeout=WAIT)
    expect(_item(page, "perlu_diperbaiki")).to_have_count(0)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "sent", timeout=WAIT)
    case = Case.objects.get()
    assert case.occurred_at.date() <= timezone.localdate()


@pytest.fixture
def page_without_worker(browser, live_server):
    """page.route does not see what a service worker fetches: block the worker here."""
    context = browser.new_context(service_workers="block", locale="id-ID",
                                  timezone_id="Asia/Jakarta", viewport=PHONE)
    yield context.new_page()
    context.close()


def test_a_lost_answer_is_retried_with_the_same_key_and_creates_one_case(
        page_without_worker, live_server, make_user, login):
    page = page_without_worker
    make_user("child", "pelapor", username="penyuluh_putus")
    login(page, "penyuluh_putus")
    _open_intake(page, live_server, worker=False)
    keys = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()          # the server creates the case...
            route.abort("failed")  # ...but the phone never hears back
        else:
            route.continue_()

    page.route("**/api/v1/cases", lose_the_first_answer)
    _fill(page)
    _submit(page)
    expect(_item(page, "gagal")).to_have_count(1, timeout=WAIT)
    assert Case.objects.count() == 1

    page.click("#offline-send-now")
    expect(_item(page, "terkirim")).to_have_count(1, timeout=WAIT)
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0]
    assert Case.objects.count() == 1
    expect(_item(page, "terkirim").locator("a")).to_contain_text(Case.objects.get().number)


def test_a_draft_is_sent_only_under_the_account_that_wrote_it(
        page, live_server, make_user, login):
    make_user("child", "pelapor", username="penyuluh_satu")
    make_user("child", "pelapor", username="penyuluh_dua")
    login(page, "penyuluh_dua")
    _open_intake(page, live_server)
    # A report penyuluh_satu left queued on this shared phone.
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    page.evaluate("""async (fields) => {
        const draft = await SelarasQueue.create('penyuluh_satu', 'id', fields);
        draft.state = 'menunggu';
        await SelarasQueue.put(draft);
        SelarasQueue.announce();
    }""", {"title": "Laporan penyuluh satu", "chronology": "Warga menolak renovasi.",
           "category": "rumah_ibadah", "occurred_at": f"{day}T00:00:00",
           "occurred_precision": "day", "location": VILLAGE_IN_CHILD, "alert_level": 1,
           "source_channel": "langsung", "reporter_name": "", "reporter_contact": ""})
    expect(page.locator("#offline-other-users")).to_be_visible(timeout=WAIT)
    expect(page.locator("#offline-queue li")).to_have_count(0)
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "sent", timeout=WAIT)
    page.click("#offline-send-now")
    page.wait_for_timeout(1500)
    assert Case.objects.count() == 0

    page.locator("form.header__logout button").click()
    page.wait_for_load_state()
    # Signing out took penyuluh_dua's kept page off the phone; the queue stays.
    page.wait_for_function("""async () => {
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            if (await cache.match('/kasus/lapor/luring/')) { return false; }
        }
        return true;
    }""", timeout=WAIT)
    login(page, "penyuluh_satu")
    page.goto(f"{live_server.url}{PAGE}")
    expect(_item(page, "terkirim")).to_have_count(1, timeout=WAIT)
    case = Case.objects.get()
    assert case.title == "Laporan penyuluh satu"
    assert case.created_by.username == "penyuluh_satu"


def test_the_worker_refetching_its_page_leaves_a_waiting_message_for_the_next_page(
        page, live_server, make_user, login):
    """A case registered with the full form sets "Kasus … terdaftar" for the page after the
    redirect; the worker fetching its copy of the intake page in between must neither keep
    the message in that copy nor use it up (docs/offline-intake.md)."""
    make_user("child", "pelapor", username="penyuluh_pesan_luring")
    login(page, "penyuluh_pesan_luring")
    _open_intake(page, live_server)

    # The POST of the full form, its redirect not followed: the message waits in a cookie.
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    kind = page.evaluate("""async ([village, day]) => {
        const body = new URLSearchParams({
            csrfmiddlewaretoken: document.querySelector("input[name=csrfmiddlewaretoken]").value,
            title: "Penolakan renovasi musala", chronology: "Warga menolak renovasi musala.",
            category: "rumah_ibadah", alert_level: "1", occurred_precision: "day",
            occurred_on: day, province: village.slice(0, 2), regency: village.slice(0, 4),
            district: village.slice(0, 6), village: village, legal_stage: "pencegahan",
            source_channel: "whatsapp"});
        const response = await fetch("/kasus/baru/", {method: "POST", body: body,
                                                      redirect: "manual"});
        return response.type;
    }""", [VILLAGE_IN_CHILD, day])
    assert kind == "opaqueredirect"
    number = Case.objects.get().number

    # Now the worker fetches its page again (as after a sign-in on this phone), run inside
    # the worker and awaited: its request reached the server and its cookies are applied.
    worker = next(w for w in page.context.service_workers if w.url.endswith("/sw.js"))
    assert worker.evaluate("() => warm()") == [True, True]
    page.wait_for_function("async () => !!(await caches.match('/kasus/lapor/luring/'))",
                           timeout=WAIT)  # an earlier warm-up may still be replacing it
    kept = page.evaluate("async () => (await caches.match('/kasus/lapor/luring/')).text()")
    assert "offline-form" in kept
    assert number not in kept

    page.goto(f"{live_server.url}/kasus/{number}/")
    expect(page.locator(".messages")).to_contain_text(number)
