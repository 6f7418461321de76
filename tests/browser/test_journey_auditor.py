"""Auditor's journey: the audit trail lists who did what to the area's cases; the auditor
opens the case and reads its timeline, with the reporter masked."""

from playwright.sync_api import expect

from selaras.cases import services


def test_auditor_reads_the_audit_trail_and_the_case_history(page, live_server, make_user,
                                                            make_case, login, guide_shot):
    kepala = make_user("child", "kepala", username="kepala_sukasari")
    auditor = make_user("own", "auditor", username="auditor_kota_bandung")
    case = make_case(alert_level=1, title="Sengketa kepengurusan DKM Masjid Latihan",
                     reporter_name="Budi Santoso")
    services.perform_transition(actor=kepala, case=case, action="verify")
    services.perform_transition(actor=kepala, case=case, action="escalate",
                                target_unit="3273", reason="Perlu koordinasi FKUB kota.")

    login(page, auditor.username)
    page.goto(f"{live_server.url}/panduan/auditor/")
    page.locator("main a[href='/audit/']").first.click()
    rows = page.locator("main table tbody tr")
    expect(rows.filter(has_text="kepala_sukasari").first).to_be_visible()
    expect(page.locator("main table")).to_contain_text(case.number)
    guide_shot(page, "auditor-01-jejak-audit.png")

    page.goto(f"{live_server.url}/kasus/{case.number}/")
    expect(page.locator(".timeline")).to_contain_text("Perlu koordinasi FKUB kota.")
    expect(page.locator(".details-list")).to_contain_text("B•••••")
    assert "Budi Santoso" not in page.content()
    # Read-only: no workflow action is offered.
    expect(page.locator("section.actions form")).to_have_count(0)
