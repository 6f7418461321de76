"""The current deadline and whether it is overdue, in lists (sort, filter) and the API."""

from selaras.accounts.models import ApiToken
from selaras.cases.selectors import CaseFilter, case_list
from selaras.cases.services import perform_transition


def test_sort_by_due_puts_the_earliest_deadline_first(make_case, pusat_kepala):
    later = make_case(alert_level=1)   # due in 24 h
    sooner = make_case(alert_level=3)  # due in 6 h
    done = perform_transition(actor=pusat_kepala, case=make_case(alert_level=3),
                              action="reject", reason="bukan", reject_reason="bukan_ksbk")
    numbers = [c.number for c in case_list(pusat_kepala, CaseFilter.from_params({"sort": "due"}))]
    assert numbers.index(sooner.number) < numbers.index(later.number) < numbers.index(done.number)


def test_overdue_filter_shows_only_missed_deadlines(make_case, pusat_kepala, clock):
    level3 = make_case(alert_level=3)
    level1 = make_case(alert_level=1)
    clock.after(level3.due_at, hours=1)
    shown = {c.number for c in case_list(pusat_kepala, CaseFilter.from_params({"overdue": "1"}))}
    assert level3.number in shown and level1.number not in shown


def test_api_shows_due_at_and_overdue(client, make_case, pusat_kepala, clock):
    case = make_case(alert_level=3)
    _token, raw = ApiToken.issue(pusat_kepala)
    headers = {"Authorization": f"Bearer {raw}"}
    data = client.get(f"/api/v1/cases/{case.number}", headers=headers).json()
    assert data["due_at"] and data["overdue"] is False
    clock.after(case.due_at, minutes=1)
    assert client.get(f"/api/v1/cases/{case.number}", headers=headers).json()["overdue"] is True
