"""Kepala KUA's journey: sign in, find the new report in the queue, verify it (the
playbook of its category is attached with its tasks), start handling, resolve."""

from playwright.sync_api import expect

from selaras.cases.models import CaseEvent, Status
from selaras.handling.models import Task
from selaras.playbooks.models import CasePlaybook
from tests.browser.conftest import DESKTOP, PHONE


def test_kepala_kua_verifies_starts_handling_and_resolves(page, live_server, make_user,
                                                          make_case, login, guide_shot):
    kepala = make_user("child", "kepala", username="kepala_sukasari")
    case = make_case(alert_level=1, title="Keberatan warga atas renovasi musala RW 03")
    assert case.handling_unit.code == "327301" and case.status == Status.DILAPORKAN

    page.goto(f"{live_server.url}/akun/masuk/")
    expect(page.locator("input[name=username]")).to_be_visible()
    guide_shot(page, "mulai-01-masuk.png")
    login(page, kepala.username)

    # The queue: the report waits for verification, with the next step as a button.
    queue_item = page.locator(".queue__item", has_text=case.title)
    expect(queue_item.locator(".case-number")).to_have_text(case.number)
    expect(queue_item.locator(".badge--status")).to_contain_text("Dilaporkan")
    guide_shot(page, "kepala-01-antrean.png")
    page.set_viewport_size(PHONE)
    guide_shot(page, "mulai-02-antrean.png")
    page.set_viewport_size(DESKTOP)
    queue_item.locator(".queue__next a").click()
    expect(page).to_have_url(f"{live_server.url}/kasus/{case.number}/#action-verify")

    # Before verification the playbook section says what will happen.
    playbook = page.locator("#playbook")
    expect(playbook.locator("ol.rows li")).to_have_count(0)
    verify = page.locator("form#action-verify")
    guide_shot(page, "kepala-02-verifikasi.png", focus=page.locator("section.actions"))
    verify.get_by_role("button").click()

    expect(page.locator(".messages")).to_contain_text("Terverifikasi")
    expect(page.locator(".case-head__badges .badge--status")).to_contain_text("Terverifikasi")
    # Verification attached the playbook of the category: its steps show, with tasks.
    attached = CasePlaybook.objects.get(case=case, detached_at__isnull=True)
    steps = attached.progress.count()
    assert steps > 0
    expect(playbook.locator("ol.rows > li")).to_have_count(steps)
    expect(playbook.locator("ol.rows > li").first).to_contain_text("Langkah berikutnya")
    assert Task.objects.filter(case=case).exists()

    # Start handling (a one-click action: no reason needed).
    page.locator("form#action-start").get_by_role("button").click()
    expect(page.locator(".case-head__badges .badge--status")).to_contain_text("Ditangani")

    # Resolve: outcome and reason on the same screen.
    resolve = page.locator("details#action-resolve")
    resolve.locator("summary").click()
    resolve.locator("select[name=resolve-outcome]").select_option("damai")
    resolve.locator("textarea[name=resolve-reason]").fill(
        "Kedua pihak sepakat renovasi dilanjutkan setelah musyawarah RW.")
    guide_shot(page, "kepala-04-selesaikan.png", focus=resolve)
    resolve.get_by_role("button", name="Selesaikan").click()
    expect(page.locator(".case-head__badges .badge--status")).to_contain_text("Selesai")

    case.refresh_from_db()
    assert case.status == Status.SELESAI
    assert case.outcome == "damai"
    assert case.verified_at is not None
    actions = list(CaseEvent.objects.filter(case=case, actor=kepala)
                   .order_by("created_at", "id").values_list("action", flat=True))
    assert [a for a in actions if a in ("verify", "start", "resolve")] == [
        "verify", "start", "resolve"]
