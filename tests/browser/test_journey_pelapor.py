"""Pelapor's journey on a phone: a first report through the guided intake, online.

Issue #9: a first-time user submits a minimal report in at most 2 minutes. The test
counts the screens of the guided intake (one question each, then the check screen) and
times the automated run from the queue to the registered case; both are bounded here
and printed with ``-s``. A person reads and types more slowly than Playwright, so the
screen count is the figure that matters: 7 screens, each with one question.
"""

import time

from playwright.sync_api import expect

from selaras.cases.models import Case, Status
from tests.browser.conftest import PHONE
from tests.conftest import VILLAGE_IN_CHILD

INTAKE_SCREENS = 7  # where, what, when, kind, how serious, who told you, check and send


def test_pelapor_reports_a_case_step_by_step_on_a_phone(page, live_server, make_user, login,
                                                        guide_shot):
    pelapor = make_user("child", "pelapor", username="penyuluh_sukasari")
    page.set_viewport_size(PHONE)
    login(page, pelapor.username)
    started = time.monotonic()

    # From the queue: "Laporkan kasus" opens the step-by-step intake on a phone.
    page.locator("main").get_by_role("link", name="Laporkan kasus").click()
    expect(page.locator(".guided__progress")).to_have_text(f"Langkah 1 dari {INTAKE_SCREENS}")
    guide_shot(page, "pelapor-01-laporan-baru.png")

    screens: list[str] = []

    def answer_and_continue(button="button.guided__next"):
        expect(page.locator(".guided__progress")).to_have_text(
            f"Langkah {len(screens) + 1} dari {INTAKE_SCREENS}")
        screens.append(page.url.removeprefix(live_server.url))
        page.locator(button).click()

    # 1. Where: the pelapor's own district is already chosen; pick the village.
    expect(page.locator("select[name=district]")).to_have_value("327301")
    page.locator("select[name=village]").select_option(VILLAGE_IN_CHILD)
    answer_and_continue()

    # 2. What happened.
    page.locator("input[name=title]").fill("Warga menolak renovasi musala di RW 05")
    page.locator("textarea[name=chronology]").fill(
        "Sejak Jumat sekitar 20 warga menolak renovasi musala. Belum ada kesepakatan.")
    guide_shot(page, "pelapor-02-formulir.png")
    answer_and_continue()

    # 3. When: the "Today" button answers and moves on.
    answer_and_continue("button[name=quick][value=today]")

    # 4. Kind of problem (radio list with a plain-words line each).
    page.locator("input[name=category][value=rumah_ibadah]").check()
    answer_and_continue()

    # 5. How serious.
    page.locator("input[name=alert_level][value='1']").check()
    answer_and_continue()

    # 6. Who told you (optional fields).
    page.locator("input[name=reporter_name]").fill("Pak Rahmat")
    page.locator("input[name=reporter_contact]").fill("0812 3456 7890")
    answer_and_continue()

    # 7. Check and send: the answers are shown back in plain words.
    review = page.locator("dl.guided__review")
    expect(review).to_contain_text("Sukarasa")
    expect(review).to_contain_text("Warga menolak renovasi musala di RW 05")
    expect(review).to_contain_text("Pak Rahmat")
    answer_and_continue()

    # The case page, with the number the user will quote.
    expect(page.locator(".messages")).to_contain_text("terdaftar")
    number = page.locator(".case-head__number").inner_text().split()[0]
    elapsed = time.monotonic() - started
    guide_shot(page, "pelapor-03-tersimpan.png")
    print(f"\nguided intake: {len(screens)} screens, {elapsed:.1f} s (automated), case {number}")

    assert screens == ["/kasus/lapor/tempat/", "/kasus/lapor/kejadian/", "/kasus/lapor/waktu/",
                       "/kasus/lapor/jenis/", "/kasus/lapor/tingkat/", "/kasus/lapor/pelapor/",
                       "/kasus/lapor/periksa/"]
    assert elapsed < 120
    expect(page.locator(".messages")).to_contain_text(number)
    expect(page).to_have_url(f"{live_server.url}/kasus/{number}/")

    case = Case.objects.get(number=number)
    assert case.status == Status.DILAPORKAN
    assert case.created_by == pelapor
    assert case.location_id == VILLAGE_IN_CHILD
    assert case.alert_level == 1
    assert case.category.code == "rumah_ibadah"
    assert case.handling_unit.code == "327301"  # level 1 goes to the district's KUA
    assert case.reporter_name == "Pak Rahmat"
