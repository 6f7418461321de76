"""Penangan's journey: the verified case waits in the queue; the handler starts handling
and records the agreement the parties reached, with a follow-up date."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from selaras.cases import services
from selaras.cases.models import Status
from selaras.handling.models import Agreement
from selaras.parties import services as party_services


def test_penangan_starts_handling_and_records_an_agreement(page, live_server, make_user,
                                                           make_case, login, guide_shot):
    kepala = make_user("child", "kepala", username="kepala_sukasari")
    penangan = make_user("child", "penangan", username="penangan_sukasari")
    case = make_case(alert_level=1, title="Perselisihan jadwal pemakaian balai warga")
    case = services.perform_transition(actor=kepala, case=case, action="verify")
    for name, role in (("Pengurus Musala Al-Ikhlas", "pengadu"), ("Warga RT 03", "teradu")):
        party, _similar = party_services.create_party(actor=penangan, kind="kelompok",
                                                      name=name, region="327301")
        party_services.link_party_to_case(actor=penangan, case=case, party=party, role=role)

    login(page, penangan.username)
    item = page.locator(".queue__item", has_text=case.title)
    expect(item.locator(".badge--status")).to_contain_text("Terverifikasi")
    guide_shot(page, "penangan-01-antrean.png")
    item.locator(".queue__next a").click()

    start = page.locator("form#action-start")
    guide_shot(page, "penangan-02-mulai.png", focus=page.locator("section.actions"))
    start.get_by_role("button").click()
    expect(page.locator(".case-head__badges .badge--status")).to_contain_text("Ditangani")

    today = timezone.localdate()
    follow_up = today + timedelta(days=14)
    section = page.locator("section#agreements")
    section.locator("details.add > summary").click()
    for checkbox in section.locator("input[name=agreement-parties]").all():
        checkbox.check()
    section.locator("textarea[name=agreement-terms]").fill(
        "1. Balai dipakai bergantian: Jumat untuk pengajian, Minggu untuk kerja bakti.\n"
        "2. Jadwal ditempel di papan pengumuman RW.")
    section.locator("input[name=agreement-signed_on]").fill(today.isoformat())
    section.locator("input[name=agreement-follow_up_1]").fill(follow_up.isoformat())
    guide_shot(page, "penangan-03-kesepakatan.png", focus=section.locator("details.add"))
    section.locator("details.add button[type=submit]").click()

    expect(page.locator("section#agreements .rows__item")).to_have_count(1)
    expect(page.locator("section#agreements .rows__item")).to_contain_text("Warga RT 03")
    case.refresh_from_db()
    assert case.status == Status.DITANGANI
    agreement = Agreement.objects.get(case=case)
    assert agreement.signed_on == today
    assert agreement.parties.count() == 2
    assert list(agreement.follow_ups.values_list("due_on", flat=True)) == [follow_up]
