"""Accessibility (issue #9 item 6): axe-core on every role's main pages, and the keyboard.

* axe-core is vendored in ``static/vendor/axe-core/`` and injected by these tests only
  (``page.add_script_tag``); the context bypasses the Content-Security-Policy so the
  injected script may run (the pages themselves never need that).
* Rules: WCAG 2.0/2.1 A and AA. A violation of impact "serious" or "critical" fails the
  test; every page of a role is checked before failing, and the failure lists each rule,
  its help text, the page and the offending elements.
* Keyboard: tabbing from the top of a page reaches the main actions (submit on the
  intake form, verify on a case) with a visible focus indicator, and the skip link moves
  focus to the main content.
"""

import pytest

from tests.browser.conftest import PHONE, REPO
from tests.conftest import VILLAGE_IN_CHILD

AXE = REPO / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG A/AA violations on the page as it is now."""
    assert AXE.exists(), f"axe-core is not vendored at {AXE}"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
               runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        WCAG_TAGS)
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


def describe(url: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{url}: [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"      {node['html'][:200]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


class Audit:
    """Visits pages, collects their violations, fails once with all of them."""

    def __init__(self, page, base: str):
        self.page, self.base, self.report = page, base, []

    def check(self, path: str, *, viewport=None):
        if viewport:
            self.page.set_viewport_size(viewport)
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (
            f"{path} answered {response and response.status}")
        self.page.wait_for_load_state("networkidle")
        found = axe_violations(self.page)
        if found:
            self.report.append(describe(path, found))
        return found

    def assert_clean(self):
        assert not self.report, ("axe-core found serious/critical WCAG 2.1 A/AA violations:\n"
                                 + "\n".join(self.report))


@pytest.fixture
def audit(page, live_server):
    return Audit(page, live_server.url)


@pytest.fixture
def case(make_case):
    return make_case()


def test_sign_in_page(audit):
    audit.check("/akun/masuk/")
    audit.check("/akun/masuk/", viewport=PHONE)
    audit.assert_clean()


def test_kepala_pages(audit, make_user, login, case):
    make_user("own", "kepala", username="kepala_a11y")
    login(audit.page, "kepala_a11y")
    for path in ["/", "/kasus/", f"/kasus/{case.number}/", "/notifikasi/",
                 "/notifikasi/pengaturan/", "/panduan/", "/panduan/kepala/",
                 "/bantuan/istilah/"]:
        audit.check(path)
    audit.check(f"/kasus/{case.number}/", viewport=PHONE)
    audit.check("/kasus/", viewport=PHONE)
    audit.assert_clean()


def test_pelapor_pages(audit, make_user, login):
    make_user("child", "pelapor", username="pelapor_a11y")
    page = audit.page
    login(page, "pelapor_a11y")
    audit.check("/kasus/baru/")
    # The desktop form after an empty submit: the error summary and the field errors.
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").count() == 1
    found = axe_violations(page)
    if found:
        audit.report.append(describe("/kasus/baru/ (after an empty submit)", found))
    audit.check("/deteksi-dini/laporan/baru/")

    # Every screen of the guided intake on a phone, answered as a first-time user would.
    audit.check("/kasus/lapor/", viewport=PHONE)

    def next_screen(expected_path):
        with page.expect_navigation():
            page.locator("button.guided__next").click()
        page.wait_for_load_state("networkidle")
        assert expected_path in page.url, page.url
        found = axe_violations(page)
        if found:
            audit.report.append(describe(expected_path, found))

    page.locator("select[name=village]").select_option(VILLAGE_IN_CHILD)
    next_screen("/kasus/lapor/kejadian/")
    page.fill("input[name=title]", "Penolakan kegiatan pengajian")
    page.fill("textarea[name=chronology]", "Warga menolak pengajian di balai desa.")
    next_screen("/kasus/lapor/waktu/")
    page.fill("input[name=occurred_on]", "2026-11-20")
    next_screen("/kasus/lapor/jenis/")
    page.locator("input[name=category]").first.check()
    next_screen("/kasus/lapor/tingkat/")
    page.locator("input[name=alert_level][value='1']").check()
    next_screen("/kasus/lapor/pelapor/")
    next_screen("/kasus/lapor/periksa/")
    audit.assert_clean()


def test_analyst_pages(audit, make_user, login, case):
    make_user("own", "analis", username="analis_a11y")
    login(audit.page, "analis_a11y")
    for path in ["/dasbor/", "/dasbor/peta/", "/deteksi-dini/"]:
        audit.check(path)
    audit.check("/dasbor/", viewport=PHONE)
    audit.assert_clean()


def test_auditor_pages(audit, make_user, login, case):
    make_user("own", "auditor", username="auditor_a11y")
    login(audit.page, "auditor_a11y")
    audit.check("/audit/")
    audit.assert_clean()


def test_admin_user_pages(audit, make_user, login):
    make_user("pusat", "admin", username="admin_a11y", is_staff=True, is_superuser=True)
    login(audit.page, "admin_a11y")
    for path in ["/admin/accounts/user/", "/admin/accounts/user/add/"]:
        audit.check(path)
    audit.assert_clean()


def test_axe_reports_a_broken_page(page):
    """The check itself works: an unlabelled input and an image without text fail."""
    page.set_content('<html lang="id"><head><title>x</title></head><body><main>'
                     '<input type="text"><img src="data:,"></main></body></html>')
    rules = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= rules, rules


# --- Keyboard ------------------------------------------------------------------------

FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
                    && style.outlineColor !== "rgba(0, 0, 0, 0)"
                    && style.outlineColor !== "transparent";
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return {tag: el.tagName.toLowerCase(),
            text: (el.innerText || el.value || "").trim().slice(0, 60),
            id: el.id, cls: el.className,
            outline: outline, shadow: !!shadow,
            inViewport: el.getBoundingClientRect().width > 0};
}"""


def tab_until(page, predicate, *, limit=120, from_top=True) -> list[dict]:
    """Press Tab (from the top of the page) until ``predicate(state)``; every element
    that took the focus on the way must show a visible focus indicator."""
    if from_top:
        page.evaluate("() => { document.activeElement && document.activeElement.blur();"
                      " window.scrollTo(0, 0); }")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        seen.append(state)
        assert state["outline"] or state["shadow"], (
            f"no visible focus indicator on {state} (after {len(seen)} tabs)")
        if predicate(state):
            return seen
    raise AssertionError(f"not reached by {limit} presses of Tab; focus went through "
                         + ", ".join(f"{s['tag']}:{s['text'][:20]!r}" for s in seen))


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, live_server, make_user,
                                                                 login):
    make_user("child", "kepala", username="kepala_keys")
    login(page, "kepala_keys")
    page.goto(f"{live_server.url}/kasus/")
    seen = tab_until(page, lambda s: True)
    assert seen[0]["cls"] == "skip-link", seen[0]
    skip = page.locator("a.skip-link")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off-screen: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes into the page content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_keyboard_reaches_the_intake_submit_button(page, live_server, make_user, login):
    make_user("child", "pelapor", username="pelapor_keys")
    login(page, "pelapor_keys")
    page.goto(f"{live_server.url}/kasus/baru/")
    submit = page.locator("main form[method=post] button[type=submit]").last
    label = submit.inner_text().strip()
    seen = tab_until(page, lambda s: s["tag"] == "button" and s["text"] == label)
    assert len(seen) > 3
    # Enter on it submits the (empty) form: the error summary comes back and has the focus.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "error-summary"


def test_keyboard_reaches_and_uses_the_verify_action(page, live_server, make_user, login,
                                                     make_case):
    from selaras.cases.models.case import Status

    make_user("own", "kepala", username="kepala_verify_keys")
    case = make_case()
    login(page, "kepala_verify_keys")
    page.goto(f"{live_server.url}/kasus/{case.number}/")
    verify = page.locator("#action-verify")
    assert verify.count() == 1
    tab_until(page, lambda s: page.evaluate(
        "!!document.activeElement.closest('#action-verify')"))
    if page.evaluate("document.activeElement.tagName") == "SUMMARY":
        page.keyboard.press("Enter")  # opens the action's form
        tab_until(page, lambda s: s["tag"] == "button"
                  and page.evaluate("!!document.activeElement.closest('#action-verify')"),
                  from_top=False, limit=20)
    assert page.evaluate("document.activeElement.closest('#action-verify') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    case.refresh_from_db()
    assert case.status == Status.TERVERIFIKASI
