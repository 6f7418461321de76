"""Escalation: the Kepala KUA hands a case up to the Kankemenag, whose head finds it in
the queue and hands it on to the Kanwil, whose head finds it in the queue and the list."""

import re

from playwright.sync_api import expect

from selaras.cases import services
from selaras.cases.models import CaseEvent, Status


def escalate(page, *, to_code: str, reason: str, guide_shot=None):
    form = page.locator("details#action-escalate")
    form.locator("summary").click()
    form.locator("select[name=escalate-target_unit]").select_option(to_code)
    form.locator("textarea[name=escalate-reason]").fill(reason)
    if guide_shot:
        guide_shot(page, "kepala-03-eskalasi.png", focus=form)
    form.get_by_role("button", name="Eskalasi").click()


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(page, username)


def test_escalation_from_kua_to_kankemenag_to_kanwil(page, live_server, make_user, make_case,
                                                     unit, login, guide_shot):
    kepala_kua = make_user("child", "kepala", username="kepala_sukasari")
    kepala_kota = make_user("own", "kepala", username="kepala_kota_bandung")
    kepala_kanwil = make_user("kanwil", "kepala", username="kepala_kanwil_jabar")
    case = make_case(alert_level=1, title="Penolakan kegiatan doa bersama lintas agama")
    case = services.perform_transition(actor=kepala_kua, case=case, action="verify")
    assert case.handling_unit.code == "327301"

    # KUA → Kankemenag (the parent office is the default choice).
    login(page, kepala_kua.username)
    page.goto(f"{live_server.url}/kasus/{case.number}/")
    expect(page.locator("select[name=escalate-target_unit]")).to_have_value("3273")
    escalate(page, to_code="3273", guide_shot=guide_shot,
             reason="Melibatkan warga dari kecamatan lain; perlu koordinasi FKUB kota.")
    expect(page.locator(".messages")).to_contain_text(unit("own").name)
    expect(page.locator(".summary")).to_contain_text(unit("own").name)
    case.refresh_from_db()
    assert case.handling_unit.code == "3273" and case.status == Status.TERVERIFIKASI

    # The Kankemenag head finds it in the queue and hands it on to the Kanwil.
    switch_user(page, login, kepala_kota.username)
    item = page.locator(".queue__item", has_text=case.title)
    expect(item.locator(".case-number")).to_have_text(case.number)
    item.get_by_role("link", name=case.title).click()
    expect(page.locator(".timeline")).to_contain_text("Melibatkan warga dari kecamatan lain")
    escalate(page, to_code="32", reason="Meluas ke Kabupaten Bandung.")
    expect(page.locator(".summary")).to_contain_text(unit("kanwil").name)

    # The Kanwil head finds it in the queue and in "Semua kasus" filtered by office.
    switch_user(page, login, kepala_kanwil.username)
    expect(page.locator(".queue__item", has_text=case.title)).to_have_count(1)
    page.locator("nav.nav").get_by_role("link", name="Semua kasus").click()
    page.locator("details.filters > summary").click()
    page.locator("select[name=unit]").select_option("32")
    page.locator("form.filters__form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/kasus/\?.*unit=32"))
    expect(page.locator(".result-count")).to_contain_text("1 kasus")
    expect(page.locator("main").get_by_role("link", name=case.title)).to_be_visible()

    case.refresh_from_db()
    assert case.handling_unit.code == "32"
    hops = list(CaseEvent.objects.filter(case=case, action="escalate").order_by("created_at", "id")
                .values_list("from_unit__code", "to_unit__code", "actor__username"))
    assert hops == [("327301", "3273", "kepala_sukasari"), ("3273", "32", "kepala_kota_bandung")]
