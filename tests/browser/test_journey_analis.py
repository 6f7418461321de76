"""Analyst's journey: the dashboard and the map show the area's figures; the case list
and the case page show no reporter's name or contact (personal data masked)."""

import re

from playwright.sync_api import expect

from selaras.cases.models import Case, Category


def test_analyst_reads_the_dashboard_and_the_map_without_personal_data(
        page, live_server, make_user, make_case, login, guide_shot):
    analis = make_user("own", "analis", username="analis_kota_bandung")
    make_case(alert_level=1, title="Sengketa kepengurusan DKM", category="kepengurusan",
              reporter_name="Siti Aminah", reporter_contact="0813-2222-3333")
    make_case(alert_level=2, title="Penolakan pendirian gereja",
              reporter_name="Yohanes Wibowo", reporter_contact="0814-4444-5555")
    make_case(alert_level=2, title="Unggahan provokatif di grup WhatsApp",
              category="ujaran_kebencian", reporter_name="Made Sudarma",
              reporter_contact="0815-6666-7777")
    numbers = list(Case.objects.order_by("number").values_list("number", flat=True))
    reporters = ["Siti Aminah", "Yohanes Wibowo", "Made Sudarma",
                 "0813-2222-3333", "0814-4444-5555", "0815-6666-7777"]

    login(page, analis.username)
    page.locator("nav.nav").get_by_role("link", name="Dasbor").click()
    expect(page.locator(".dash-total")).to_have_text("3")
    level_card = page.locator("section[aria-labelledby=h-level]")
    expect(level_card.locator("tr", has_text="Waspada").locator(".bars__n")).to_have_text("1")
    expect(level_card.locator("tr", has_text="Siaga").locator(".bars__n")).to_have_text("2")
    category_card = page.locator("section[aria-labelledby=h-cat]")
    for code, count in (("kepengurusan", "1"), ("rumah_ibadah", "1"), ("ujaran_kebencian", "1"),
                        ("pemakaman", "0")):
        label = Category.objects.get(code=code).label
        row = category_card.locator("tr").filter(has=page.locator("th", has_text=label))
        expect(row.locator(".bars__n")).to_have_text(count)
    guide_shot(page, "analis-01-dasbor.png")

    # The map: one cluster (the three cases are in the same village), counted 3.
    page.locator("main a[href^='/dasbor/peta/']").first.click()
    expect(page).to_have_url(re.compile(r"/dasbor/peta/"))
    expect(page.locator("svg.map")).to_be_visible()
    expect(page.locator("svg.map .map__count")).to_have_text(["3"])
    expect(page.locator("table.data-table tbody tr").first.locator("td").first).to_have_text("3")

    # The case list: every case, and no reporter's name or contact anywhere on the page.
    page.locator("nav.nav").get_by_role("link", name="Semua kasus").click()
    for number in numbers:
        expect(page.locator("main")).to_contain_text(number)
    listing = page.content()
    for personal in reporters:
        assert personal not in listing

    # The case page masks them too, and says so.
    page.locator("main").get_by_role("link", name="Penolakan pendirian gereja").click()
    details = page.locator(".details-list")
    expect(details).to_contain_text("Y•••••")
    expect(details).to_contain_text("data pribadi disamarkan")
    content = page.content()
    for personal in reporters:
        assert personal not in content
