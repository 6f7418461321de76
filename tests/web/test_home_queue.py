"""Home is “my queue”: cases waiting on me or my office, overdue first, with the next step."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from selaras.cases import services
from selaras.cases.models import Case


def test_kepala_sees_new_case_with_verify_as_next_step(make_user, make_case, login):
    case = make_case()
    client = login(make_user("own", "kepala"))
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert case.number in html
    assert f'{reverse("case-detail", args=[case.number])}#action-verify' in html
    assert "Verify or reject" in html
    assert "Report a case" in html


def test_penangan_waits_for_verification_then_starts_handling(make_user, make_case, login):
    case = make_case()
    penangan = make_user("own", "penangan")
    client = login(penangan)
    html = client.get(reverse("home")).content.decode()
    assert "Waiting for the head of the office to verify" in html
    assert "#action-verify" not in html
    services.perform_transition(actor=make_user("own", "kepala"), case=case, action="verify")
    html = client.get(reverse("home")).content.decode()
    assert "#action-start" in html


def test_overdue_cases_come_first(make_user, make_case, login):
    fresh = make_case(title="Fresh case")
    old = make_case(title="Old case", reported_at=timezone.now() - timedelta(days=3),
                    occurred_at=timezone.now() - timedelta(days=4))
    assert Case.objects.get(pk=old.pk).is_overdue and not fresh.is_overdue
    client = login(make_user("own", "kepala"))
    html = client.get(reverse("home")).content.decode()
    assert html.index(old.number) < html.index(fresh.number)
    assert "Overdue" in html


def test_analyst_has_an_empty_queue_and_no_report_button(make_user, make_case, login):
    make_case()
    client = login(make_user("own", "analis"))
    html = client.get(reverse("home")).content.decode()
    assert "Nothing is waiting for you." in html
    assert reverse("case-create") not in html
