"""The case report and the level reports are downloaded from the case page."""

from django.urls import reverse

from selaras.cases import services as case_services


def test_case_report_pdf_downloads_and_is_404_outside(make_case, make_user, login):
    case = make_case()
    client = login(make_user("own", "analis"))
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    url = reverse("case-report-pdf", args=[case.number])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"laporan-{case.number}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    for key in ("sibling", "other_province"):
        assert login(make_user(key, "kepala")).get(url).status_code == 404, key


def test_level_reports_offered_are_the_ones_the_case_has(make_case, make_user, login):
    case = make_case()  # handled by the Kankemenag Kota Bandung from the start
    kepala = make_user("own", "kepala")
    client = login(kepala)
    html = client.get(reverse("case-detail", args=[case.number])).content.decode()
    kankemenag = reverse("case-level-report-pdf", args=[case.number, "kankemenag"])
    kua = reverse("case-level-report-pdf", args=[case.number, "kua"])
    assert kankemenag in html and kua not in html
    response = client.get(kankemenag)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # A level the case does not have: a message on the case page, no error page.
    response = client.get(kua)
    assert response.status_code == 302 and response.url.endswith("#documents")
    assert "no KUA" in client.get(response.url).content.decode()
    assert login(make_user("sibling", "kepala")).get(kankemenag).status_code == 404


def test_escalated_case_offers_the_kanwil_report_too(make_case, make_user, login):
    kepala = make_user("own", "kepala")
    case = case_services.perform_transition(actor=kepala, case=make_case(), action="verify")
    case_services.perform_transition(actor=kepala, case=case, action="escalate",
                                     target_unit="32", reason="Meluas")
    html = login(make_user("kanwil", "kepala")).get(
        reverse("case-detail", args=[case.number])).content.decode()
    assert reverse("case-level-report-pdf", args=[case.number, "kanwil"]) in html
    assert reverse("case-level-report-pdf", args=[case.number, "kankemenag"]) in html
