"""The case-handling list endpoints cost the same number of queries for 1 row as for 6."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from selaras.cases import relations
from selaras.evidence import services as evidence_services
from selaras.handling import services
from selaras.registry import services as registry_services

from .handling_helpers import (  # noqa: F401 — media_root_fixture provides media_root
    JPEG,
    days_from_today,
    handled,
    linked_party,
    media_root_fixture,
    today,
)

pytestmark = pytest.mark.usefixtures("media_root")


def add_rows(case, kepala, penangan, make_case, n: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    start = case.party_links.count()
    for i in range(start, start + n):
        party, _ = linked_party(case, penangan, name=f"Pihak {i}", role="pengadu")
        person, _ = linked_party(case, penangan, name=f"Orang {i}", kind="perorangan",
                                 role="pelapor")
        services.record_action(actor=penangan, case=case, type="dialog", date=today(),
                               outcome="Dialog", participants=[party, person])
        services.create_task(actor=kepala, case=case, title=f"Tugas {i}",
                             due_date=days_from_today(2 + i),
                             **({"assignee_user": penangan} if i % 2 else
                                {"assignee_unit": "3273"}))
        agreement = services.record_agreement(actor=penangan, case=case, parties=[party, person],
                                              terms="T", signed_on=today(),
                                              follow_up_dates=[days_from_today(9)])
        if i % 2:
            services.mark_agreement_kept(actor=penangan, agreement=agreement)
        services.create_referral(actor=penangan, case=case, agency="fkub", referred_on=today())
        evidence_services.add_attachment(actor=penangan, case=case, kind="foto",
                                         uploaded_file=SimpleUploadedFile(f"f{i}.jpg", JPEG))
        registry_services.add_registry_link(actor=penangan, case=case, registry="emis",
                                            external_id=f"{10000000 + i}")
        relations.link_related(actor=kepala, case=case, other=make_case())


PATHS = ["parties", "actions", "tasks", "agreements", "referrals", "attachments",
         "registry-links", "related", "events"]


@pytest.mark.parametrize("role", ["penangan", "analis"])
def test_list_query_counts_are_constant(api_as, make_user, make_case, role):
    kepala = make_user("own", "kepala")
    penangan = make_user("own", "penangan")
    case = handled(make_case(), kepala)
    reader = make_user("own", role) if role != "penangan" else penangan
    client = api_as(reader)
    client.get("/api/v1/me")  # the token's last-use stamp is written once

    def measure() -> dict[str, int]:
        counts = {}
        for path in PATHS:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"/api/v1/cases/{case.number}/{path}")
            assert response.status_code == 200, (path, response.content)
            counts[path] = len(ctx.captured_queries)
        for path in ("/api/v1/parties?page_size=100", "/api/v1/tasks/mine?page_size=100"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            counts[path] = len(ctx.captured_queries)
        return counts

    add_rows(case, kepala, penangan, make_case, 1)
    measure()  # the first view of the case writes its access-log entry (then throttled)
    few = measure()
    add_rows(case, kepala, penangan, make_case, 5)
    many = measure()
    assert few == many, (few, many)
    assert client.get(f"/api/v1/cases/{case.number}/actions").json()["count"] == 6
