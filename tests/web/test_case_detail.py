"""Case detail: 404 outside jurisdiction, exactly the allowed actions, escaping, masking."""

from django.urls import reverse

from selaras.cases import services


def action_ids(response) -> set[str]:
    return {form.transition.action for form in response.context["action_forms"]}


def test_case_outside_jurisdiction_is_404(make_user, make_case, login):
    case = make_case()
    for key in ("sibling", "other_province", "child2"):
        client = login(make_user(key, "kepala"))
        for name in ("case-detail", "case-edit"):
            assert client.get(reverse(name, args=[case.number])).status_code == 404, (key, name)
        response = client.post(reverse("case-transition", args=[case.number, "verify"]))
        assert response.status_code == 404
        response = client.post(reverse("case-note", args=[case.number]), {"body": "x"})
        assert response.status_code == 404


def test_unknown_case_number_is_404_with_a_helpful_page(make_user, login):
    response = login(make_user("own", "kepala")).get(
        reverse("case-detail", args=["KSBK-0000-2026-99999"]))
    assert response.status_code == 404
    assert "outside your area" in response.content.decode()


def test_kepala_of_handling_unit_sees_verify_and_reject_on_a_new_case(make_user, make_case,
                                                                      login):
    case = make_case()
    response = login(make_user("own", "kepala")).get(reverse("case-detail", args=[case.number]))
    actions = action_ids(response)
    assert {"verify", "reject"} <= actions
    assert actions == {t.action for t in services.available_transitions(
        response.context["user"], case)}
    html = response.content.decode()
    for action in actions:
        assert reverse("case-transition", args=[case.number, action]) in html
    assert "start" not in actions and "resolve" not in actions


def test_penangan_sees_no_verify_or_reject(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "penangan")).get(reverse("case-detail", args=[case.number]))
    assert action_ids(response) == set()
    html = response.content.decode()
    assert reverse("case-transition", args=[case.number, "verify"]) not in html
    assert reverse("case-transition", args=[case.number, "reject"]) not in html


def test_penangan_sees_start_after_verification(make_user, make_case, login):
    case = make_case()
    services.perform_transition(actor=make_user("own", "kepala"), case=case, action="verify")
    response = login(make_user("own", "penangan")).get(reverse("case-detail", args=[case.number]))
    assert action_ids(response) == {"start"}


def test_kanwil_head_can_take_over_and_analyst_has_no_actions(make_user, make_case, login):
    case = make_case()
    response = login(make_user("kanwil", "kepala")).get(reverse("case-detail", args=[case.number]))
    assert "take_over" in action_ids(response)
    response = login(make_user("own", "analis")).get(reverse("case-detail", args=[case.number]))
    assert action_ids(response) == set()
    assert reverse("case-edit", args=[case.number]) not in response.content.decode()


def test_escalate_offers_the_ancestors_with_the_parent_first(make_user, make_case, login):
    case = make_case()
    response = login(make_user("own", "kepala")).get(reverse("case-detail", args=[case.number]))
    form = next(f for f in response.context["action_forms"] if f.transition.action == "escalate")
    codes = [code for code, _name in form.fields["target_unit"].choices]
    assert codes == ["32", "pusat"]
    assert form.fields["target_unit"].initial == "32"
    delegate = next(f for f in response.context["action_forms"]
                    if f.transition.action == "delegate")
    assert "327301" in [code for code, _name in delegate.fields["target_unit"].choices]


def test_html_in_title_and_chronology_is_shown_escaped(make_user, make_case, login):
    case = make_case(title='<script>alert("x")</script>Judul',
                     chronology="<img src=x onerror=alert(1)> kronologi")
    client = login(make_user("own", "kepala"))
    for url in (reverse("case-detail", args=[case.number]), reverse("case-list"),
                reverse("home")):
        html = client.get(url).content.decode()
        assert '<script>alert("x")' not in html
        assert "&lt;script&gt;" in html
        assert "<img src=x" not in html


def test_analyst_sees_reporter_masked(make_user, make_case, login):
    case = make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    html = login(make_user("own", "analis")).get(
        reverse("case-detail", args=[case.number])).content.decode()
    assert "Budi Santoso" not in html
    assert "0812-0000-1111" not in html
    assert "B•••••" in html
    assert "personal data hidden for your role" in html


def test_handler_sees_reporter_unmasked(make_user, make_case, login):
    case = make_case(reporter_name="Budi Santoso", reporter_contact="0812-0000-1111")
    html = login(make_user("own", "penangan")).get(
        reverse("case-detail", args=[case.number])).content.decode()
    assert "Budi Santoso" in html and "0812-0000-1111" in html


def test_timeline_reads_as_sentences(make_user, make_case, login):
    case = make_case()
    kepala = make_user("own", "kepala", username="siti_aminah")
    services.perform_transition(actor=kepala, case=case, action="verify")
    services.perform_transition(actor=kepala, case=case, action="escalate",
                                reason="Massa bertambah")
    html = login(kepala).get(reverse("case-detail", args=[case.number])).content.decode()
    assert "Verified by Siti_Aminah" in html
    assert ("Escalated by Siti_Aminah from Kankemenag Kota Bandung to "
            "Kanwil Kemenag Provinsi Jawa Barat") in html
    assert "Massa bertambah" in html
    assert "Reported by" in html
