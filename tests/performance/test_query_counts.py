"""Query-count baselines per main page and API endpoint (issue #8 item 6).

Each page is read with 2 rows of its data and again with 12: the number of queries must be
the same (no N+1) and at most the baseline recorded below. A new query per row fails the
equality; a new constant query fails the baseline, so raising a number here is a
deliberate, reviewed change. Pages already guarded elsewhere are not repeated: the case
list (tests/web/test_case_list.py), the case page (tests/web/test_handling_query_counts.py),
GET /cases and /cases/{n} (tests/api/test_query_count.py), the handling lists of a case
(tests/api/test_handling_query_counts.py), the dashboard (tests/analytics/test_dashboard_page.py).
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selaras.cases import services as case_services
from selaras.earlywarning import services as ew_services
from selaras.handling import services as handling
from selaras.imports import services as import_services
from selaras.notifications.services import notify
from selaras.parties import services as party_services
from selaras.webhooks import services as webhook_services
from tests.api.conftest import ApiClient
from tests.imports.conftest import case_row, csv_file

# Queries of one request with 12 rows, measured on SQLite and PostgreSQL (equal on both).
# Raise one only with a reason in the commit. +1 on the pages of scoped users that read
# cases (issue #8): restrict() reads the ids of the user's units and named cases once per
# request (one UNION ALL query) instead of joining the unit tree into every case query.
BASELINE = {
    "web my queue /": 13,
    "web party list /pihak/": 12,
    "web notifications /notifikasi/": 11,
    "web early warning /deteksi-dini/": 16,
    "web webhooks /integrasi/webhooks/": 9,
    "web imports /impor/": 11,
    "api GET /cases/{n}/events": 7,
    "api GET /cases/{n}/notes": 7,
    "api GET /parties": 7,
    "api GET /tasks/mine": 7,
    "api GET /notifications": 5,
    "api GET /categories": 3,
    "api GET /regions": 4,
    "api GET /risk": 19,
    "api GET /risk/alerts": 5,
    "api GET /situation-reports": 8,
    "api GET /imports": 6,
}

FEW, MANY = 2, 12
DISTRICT = "327301"  # KUA Sukasari, Kota Bandung (VILLAGE_IN_CHILD lies in it)


def web(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_constant(name: str, client, url: str, add) -> None:
    """2 rows, then 12: the same number of queries, at most the baseline."""
    add(FEW)
    queries(client, url)  # warm up: session, token stamp, access log, content types
    few = queries(client, url)
    add(MANY - FEW)
    queries(client, url)
    many = queries(client, url)
    assert few == many, f"{name}: {few} queries with {FEW} rows, {many} with {MANY} (N+1)"
    assert many <= BASELINE[name], f"{name}: {many} queries, baseline {BASELINE[name]}"


@pytest.fixture
def kepala(make_user):
    return make_user("3273", "kepala")


@pytest.fixture
def case(make_case, kepala):
    return case_services.perform_transition(actor=kepala, case=make_case(), action="verify")


# --------------------------------------------------------------------------- web pages


def test_my_queue(kepala, make_case):
    handler = kepala

    def add(n):
        for _ in range(n):
            c = case_services.perform_transition(actor=handler, case=make_case(), action="verify")
            handling.create_task(actor=handler, case=c, title="Tindak lanjut",
                                 due_date=timezone.localdate() + timedelta(days=3),
                                 assignee_unit="3273")

    assert_constant("web my queue /", web(handler), "/", add)


def test_party_list(kepala, case):
    def add(n):
        for _ in range(n):
            party, _ = party_services.create_party(actor=kepala, kind="perorangan",
                                                   name="Warga Sukasari", region=DISTRICT, nik="")
            party_services.link_party_to_case(actor=kepala, case=case, party=party,
                                              role="pengadu")

    assert_constant("web party list /pihak/", web(kepala), "/pihak/", add)


def test_notification_inbox(kepala):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            notify(recipients=[kepala], kind="deadline_reminder", subject=f"Tenggat {i}",
                   body="Isi.", dedupe_key=f"perf:{i}", url="/kasus/")

    assert_constant("web notifications /notifikasi/", web(kepala), "/notifikasi/", add)


def test_early_warning_map(kepala, make_user, make_case):
    reporter = make_user(DISTRICT, "penangan")

    def add(n):
        for _ in range(n):
            ew_services.create_report(actor=reporter, district=DISTRICT, kind="periodic",
                                      note="", ratings={"penolakan": 2},
                                      observed_at=timezone.now())
            make_case(alert_level=2)

    assert_constant("web early warning /deteksi-dini/", web(kepala), "/deteksi-dini/", add)


def test_webhook_list(make_user):
    admin = make_user("pusat", "admin")
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            webhook_services.create_subscription(
                actor=admin, name=f"Penerima {next(counter)}",
                url="https://penerima.example.go.id/hook", events=["case.created"])

    assert_constant("web webhooks /integrasi/webhooks/", web(admin),
                    "/integrasi/webhooks/", add)


def test_import_page(kepala):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            content = csv_file([case_row(f"REF-{next(counter)}")])
            import_services.start_import(actor=kepala, kind="cases", file_name="kasus.csv",
                                         content=content)

    assert_constant("web imports /impor/", web(kepala), "/impor/", add)


# --------------------------------------------------------------------------- API


def test_api_case_events_and_notes(kepala, case):
    def add(n):
        for i in range(n):
            case_services.add_note(actor=kepala, case=case, body=f"Catatan {i}")

    client = ApiClient(kepala)
    assert_constant("api GET /cases/{n}/events", client,
                    f"/api/v1/cases/{case.number}/events", add)
    assert_constant("api GET /cases/{n}/notes", client,
                    f"/api/v1/cases/{case.number}/notes", add)


def test_api_parties(kepala, case):
    def add(n):
        for _ in range(n):
            party, _ = party_services.create_party(actor=kepala, kind="perorangan",
                                                   name="Warga Sukasari", region=DISTRICT, nik="")
            party_services.link_party_to_case(actor=kepala, case=case, party=party,
                                              role="pengadu")

    assert_constant("api GET /parties", ApiClient(kepala), "/api/v1/parties", add)


def test_api_my_tasks(kepala, case):
    def add(n):
        for i in range(n):
            handling.create_task(actor=kepala, case=case, title=f"Tugas {i}",
                                 due_date=timezone.localdate() + timedelta(days=i),
                                 assignee_unit="3273")

    assert_constant("api GET /tasks/mine", ApiClient(kepala), "/api/v1/tasks/mine", add)


def test_api_notifications(kepala):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            notify(recipients=[kepala], kind="deadline_reminder", subject=f"Tenggat {i}",
                   body="Isi.", dedupe_key=f"perf-api:{i}", url="/kasus/")

    assert_constant("api GET /notifications", ApiClient(kepala), "/api/v1/notifications", add)


@pytest.mark.parametrize("name,url", [
    ("api GET /categories", "/api/v1/categories"),
    ("api GET /regions", "/api/v1/regions?parent=3273"),
    ("api GET /risk", f"/api/v1/risk?region={DISTRICT}"),
    ("api GET /risk/alerts", "/api/v1/risk/alerts"),
    ("api GET /situation-reports", "/api/v1/situation-reports"),
])
def test_api_metadata_and_risk(name, url, kepala, make_user, make_case):
    reporter = make_user(DISTRICT, "penangan")

    def add(n):  # cases and field reports feed the risk score, the alerts and the reports
        for _ in range(n):
            make_case(alert_level=3)
            ew_services.create_report(actor=reporter, district=DISTRICT, kind="periodic",
                                      note="", ratings={"penolakan": 3},
                                      observed_at=timezone.now())

    assert_constant(name, ApiClient(kepala), url, add)


def test_api_imports(kepala):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            content = csv_file([case_row(f"REF-{next(counter)}")])
            import_services.start_import(actor=kepala, kind="cases", file_name="kasus.csv",
                                         content=content)

    assert_constant("api GET /imports", ApiClient(kepala), "/api/v1/imports", add)
