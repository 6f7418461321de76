"""The case page reads each section once: its query count does not grow with the rows."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selaras.cases import services as case_services
from selaras.handling import services as handling
from selaras.parties import services as parties
from selaras.registry import services as registry


def fill(case, actor, n: int):
    """n parties, actions, tasks, agreements, referrals and registry links on the case."""
    today = timezone.localdate()
    party_ids = []
    for i in range(n):
        party, _ = parties.create_party(actor=actor, kind="perorangan", name=f"Warga {case.pk}-{i}",
                                        region="327301", nik="")
        parties.link_party_to_case(actor=actor, case=case, party=party,
                                   role="pelapor" if i == 0 else "pengadu")
        party_ids.append(party.pk)
    for i in range(n):
        handling.record_action(actor=actor, case=case, type="dialog", date=today,
                               outcome=f"Hasil {i}", participants=party_ids[:2])
        handling.create_task(actor=actor, case=case, title=f"Tugas {i}",
                             due_date=today + timedelta(days=i), assignee_unit="3273")
        handling.record_agreement(actor=actor, case=case, parties=party_ids[:2],
                                  terms=f"Butir {i}", signed_on=today,
                                  follow_up_dates=[today + timedelta(days=30 + i)])
        handling.create_referral(actor=actor, case=case, agency="polri", referred_on=today)
        registry.add_registry_link(actor=actor, case=case, registry="emis",
                                   external_id=f"1112327300{i:02d}")


def count_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case-detail", args=[case.number]))
    assert response.status_code == 200
    return len(queries)


def test_case_page_query_count_is_the_same_for_2_and_6_rows(make_user, make_case, login):
    kepala = make_user("own", "kepala")
    small, large = (case_services.perform_transition(actor=kepala, case=make_case(),
                                                     action="verify") for _ in range(2))
    for case, n in ((small, 2), (large, 6)):
        fill(case, kepala, n)
    client = login(kepala)
    count_queries(client, small)  # warm caches (session, content types)
    count_queries(client, large)  # and the access log (one entry per user and case a while)
    small_count = count_queries(client, small)
    large_count = count_queries(client, large)
    assert small_count == large_count, (small_count, large_count)
    html = client.get(reverse("case-detail", args=[large.number])).content.decode()
    assert html.count('id="task-') == 6 and html.count('id="agreement-') == 6
    assert "<script>" not in html and "style=" not in html  # strict CSP


def test_analyst_page_query_count_is_constant_too(make_user, make_case, login):
    kepala = make_user("own", "kepala")
    small, large = (case_services.perform_transition(actor=kepala, case=make_case(),
                                                     action="verify") for _ in range(2))
    for case, n in ((small, 2), (large, 6)):
        fill(case, kepala, n)
    client = login(make_user("own", "analis"))
    count_queries(client, small)
    assert count_queries(client, small) == count_queries(client, large)
