"""API completeness audit: every web UI capability has its /api/v1/ equivalent, or is
listed here as legitimately UI-only or as a known gap (with the reason).

A new page (a URL name served by a ``selaras.*`` view) fails this test until it is put
in one of the three tables below. Sign-in, MFA and SSO pages come from django-allauth
(not ``selaras.*``) and are UI-only by nature: the API authenticates with bearer tokens.
The Django admin (``/admin/``) is UI-only by design too.

The second half checks that the API's case list takes every filter of the UI's list
(``selectors.CaseFilter``) and answers the same cases for the same filters.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from selaras.cases import selectors
from selaras.regions.models import Region

# URL name → the API operations that do the same ("METHOD /path" under /api/v1).
API_EQUIVALENT: dict[str, tuple[str, ...]] = {
    "case-list": ("GET /cases",),
    "case-create": ("POST /cases",),
    # The guided intake is the same registration, one question a screen (POST /intake
    # for other systems).
    "guided-intake": ("POST /cases",),
    "guided-intake-step": ("POST /cases",),
    # The offline intake queues a report on the phone and sends it to POST /cases itself.
    "offline-intake": ("POST /cases",),
    "offline-regions": ("GET /regions",),
    "case-export": ("GET /cases/export",),
    "case-duplicate-check": ("POST /cases/duplicate-candidates",),
    "case-detail": ("GET /cases/{number}", "GET /cases/{number}/events",
                    "GET /cases/{number}/notes"),
    "case-edit": ("PATCH /cases/{number}",),
    "case-note": ("POST /cases/{number}/notes",),
    "case-transition": ("POST /cases/{number}/transitions",),
    "region-options": ("GET /regions",),
    "notification-inbox": ("GET /notifications",),
    "notification-read-all": ("POST /notifications/read-all",),
    "notification-read": ("POST /notifications/{notification_id}/read",),
    "party-list": ("GET /parties",),
    "party-create": ("POST /parties",),
    "party-detail": ("GET /parties/{party_id}",),
    "case-party-link": ("POST /cases/{number}/parties",),
    "case-party-create": ("POST /cases/{number}/parties",),
    "case-party-unlink": ("DELETE /cases/{number}/parties/{link_id}",),
    "case-impact": ("GET /cases/{number}/impact", "PUT /cases/{number}/impact"),
    "case-action-add": ("POST /cases/{number}/actions",),
    "case-task-add": ("POST /cases/{number}/tasks",),
    "case-task-complete": ("POST /cases/{number}/tasks/{task_id}/complete",),
    "case-task-cancel": ("POST /cases/{number}/tasks/{task_id}/cancel",),
    "case-agreement-add": ("POST /cases/{number}/agreements",),
    "case-agreement-kept": ("POST /cases/{number}/agreements/{agreement_id}/kept",),
    "case-agreement-breached": ("POST /cases/{number}/agreements/{agreement_id}/breached",),
    "case-referral-add": ("POST /cases/{number}/referrals",),
    "case-referral-update": ("PATCH /cases/{number}/referrals/{referral_id}",),
    "case-related-add": ("POST /cases/{number}/related",),
    "case-related-remove": ("DELETE /cases/{number}/related/{other}",),
    "case-merge": ("POST /cases/{number}/merge",),
    "case-attachment-add": ("POST /cases/{number}/attachments",),
    "case-attachment-download": ("GET /cases/{number}/attachments/{attachment_id}/download",),
    "case-registry-add": ("POST /cases/{number}/registry-links",),
    "case-registry-remove": ("DELETE /cases/{number}/registry-links/{link_id}",),
    "case-report-pdf": ("GET /cases/{number}/report.pdf",),
    "case-level-report-pdf": ("GET /cases/{number}/report.pdf",),
    "playbook-list": ("GET /playbooks",),
    "playbook-detail": ("GET /playbooks/{playbook_id}",),
    # Playbook authoring (Pusat); every change of a draft needs If-Match.
    "playbook-create": ("POST /playbooks",),
    "playbook-draft": ("POST /playbooks/{playbook_id}/drafts",),
    "playbook-version": ("GET /playbooks/{playbook_id}/versions/{number}",),
    "playbook-change-note": ("PATCH /playbooks/{playbook_id}/versions/{number}",),
    "playbook-step-add": ("POST /playbooks/{playbook_id}/versions/{number}/steps",),
    "playbook-publish": ("POST /playbooks/{playbook_id}/versions/{number}/publish",),
    "playbook-step-edit": ("GET /playbooks/{playbook_id}/versions/{number}",
                           "PATCH /playbooks/{playbook_id}/versions/{number}/steps/{step_id}"),
    "playbook-step-move": (
        "POST /playbooks/{playbook_id}/versions/{number}/steps/{step_id}/move",),
    "playbook-step-remove": (
        "DELETE /playbooks/{playbook_id}/versions/{number}/steps/{step_id}",),
    "case-playbook-step-complete": ("POST /cases/{number}/playbook/steps/{step}",),
    "case-playbook-step-skip": ("POST /cases/{number}/playbook/steps/{step}",),
    "analytics-dashboard": ("GET /stats/summary",),
    "webhook-list": ("GET /webhooks",),
    "webhook-create": ("POST /webhooks",),
    "webhook-detail": ("GET /webhooks/{subscription_id}",
                       "GET /webhooks/{subscription_id}/deliveries"),
    "webhook-edit": ("PATCH /webhooks/{subscription_id}",),
    "webhook-toggle": ("PATCH /webhooks/{subscription_id}",),
    "webhook-rotate": ("POST /webhooks/{subscription_id}/rotate-secret",),
    "webhook-ping": ("POST /webhooks/{subscription_id}/ping",),
    "webhook-delete": ("DELETE /webhooks/{subscription_id}",),
    "webhook-replay": ("POST /webhooks/{subscription_id}/deliveries/{delivery_id}/replay",),
    "import-home": ("POST /imports",),
    "import-detail": ("GET /imports/{batch_id}",),
    "import-commit": ("POST /imports/{batch_id}/commit",),
    "import-template": ("GET /imports/templates/{kind}",),
    "earlywarning-overview": ("GET /risk",),
    "earlywarning-area": ("GET /risk",),
    "earlywarning-reports": ("GET /situation-reports",),
    "earlywarning-report-create": ("POST /situation-reports",),
    "earlywarning-report": ("GET /situation-reports/{report_id}",),
    "earlywarning-report-evidence": ("GET /situation-reports/{report_id}/evidence",),
    "earlywarning-calibration": ("GET /risk/settings", "POST /risk/calibration/preview",
                                 "PUT /risk/settings"),
    "earlywarning-alerts": ("GET /risk/alerts",),
    "earlywarning-alert": ("GET /risk/alerts/{alert_id}",),
    "counsellor-list": ("GET /counsellors",),
    "notification-preferences": ("GET /notifications/preferences",
                                 "PUT /notifications/preferences"),
    "deadline-policies": ("GET /deadline-policies", "POST /deadline-policies"),
    "deadline-policy-delete": ("DELETE /deadline-policies/{policy_id}",),
    "case-playbook-attach": ("POST /cases/{number}/playbooks",),
    "analytics-hotspots": ("GET /stats/hotspots",),
    "analytics-response": ("GET /stats/response-times",),
    "analytics-quality": ("GET /stats/quality",),
    "analytics-recap": ("GET /stats/recap",),
}

# Legitimately UI-only, with the reason.
UI_ONLY: dict[str, str] = {
    "home": "The signed-in start page (my queue, shortcuts); an integration reads the same "
            "through GET /cases (filters), GET /tasks/mine and GET /notifications.",
    "healthz": "Operations probe for the load balancer, not a user capability.",
    "readyz": "Operations probe (worker/scheduler heartbeats), not a user capability.",
    "guide-index": "In-app user guide (Panduan): static help pages for people, no data.",
    "glossary": "Glossary of terms for people (static help text); the data dictionary "
                "GET /metadata describes the fields for systems.",
    "guide-page": "In-app user guide (Panduan): static help pages for people, no data.",
    "offline-session": "The offline queue's check of who is signed in to the web session "
                       "(and a fresh CSRF token) before it sends; API clients use bearer "
                       "tokens and GET /me.",
    "service-worker": "The browser's service-worker script of the offline intake: code, "
                      "no data.",
    "metrics": "Prometheus scrape endpoint for operations, not a user capability.",
    "playbook-compliance": "A management report page over playbook progress; its data are "
                           "the per-case playbooks (GET /cases/{number}/playbook).",
    "analytics-map": "A map rendering of the dashboard's figures (GET /stats/summary).",
    "audit-list": "The auditor's viewer of the hash-chained audit trail: deliberately not "
                  "exposed to tokens of integrated systems.",
    "privacy-overview": "Data-protection officer's registers (UU PDP): internal duties of "
                        "the ministry, deliberately not exposed to integrated systems.",
    "privacy-request-list": "DPO register (see privacy-overview).",
    "privacy-request-create": "DPO register (see privacy-overview).",
    "privacy-request-detail": "DPO register (see privacy-overview).",
    "privacy-breach-list": "DPO register (see privacy-overview).",
    "privacy-breach-create": "DPO register (see privacy-overview).",
    "privacy-breach-detail": "DPO register (see privacy-overview).",
    "privacy-ropa": "DPO register (see privacy-overview).",
}

# Known gaps: UI capabilities without an API yet (reported, not silently accepted).
KNOWN_GAPS: dict[str, str] = {}


def _ui_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":  # the Django admin is UI-only by design
                    walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.startswith("selaras.") and not module.startswith("selaras.core.api"):
                    names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def _api_operations() -> set[str]:
    from selaras.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {f"{method.upper()} {path.removeprefix('/api/v1')}"
            for path, item in schema["paths"].items() for method in item}


def test_every_ui_capability_is_mapped():
    names = _ui_url_names()
    tables = [set(API_EQUIVALENT), set(UI_ONLY), set(KNOWN_GAPS)]
    unmapped = names - set().union(*tables)
    assert not unmapped, (
        f"UI pages without an entry in tests/api/test_api_completeness.py: {sorted(unmapped)}."
        " Map each to its API operation, or list it as UI-only or as a known gap.")
    for first in range(3):
        for second in range(first + 1, 3):
            assert not tables[first] & tables[second]
    assert not set().union(*tables) - names, "entries for URL names that no longer exist"


def test_every_mapped_api_operation_exists():
    operations = _api_operations()
    missing = {name: op for name, ops in API_EQUIVALENT.items() for op in ops
               if op not in operations}
    assert not missing


def test_every_reason_is_written_out():
    assert all(len(reason) > 20 for reason in [*UI_ONLY.values(), *KNOWN_GAPS.values()])


# --------------------------------------------------------------------------- list filters


@pytest.fixture
def varied(make_user, make_case):
    kepala = make_user("own", "kepala")
    now = timezone.now()
    make_case(title="Sengketa wakaf", category="sengketa_wakaf", alert_level=1,
              reported_at=now - timedelta(days=30), occurred_at=now - timedelta(days=31))
    make_case(title="Penolakan gereja", alert_level=3)
    elsewhere = Region.objects.filter(parent__parent_id="3204", level=4).order_by("code").first()
    make_case(title="Ceramah provokatif", alert_level=2, location=elsewhere.code)
    return kepala


FILTERS = [
    {},
    {"status": "dilaporkan"},
    {"status": "dilaporkan,ditolak"},
    {"alert_level": ["1", "3"]},
    {"legal_stage": "pencegahan"},
    {"category": "rumah_ibadah"},
    {"region": "327301"},
    {"region": "3204"},
    {"region": "32"},
    {"unit": "3273"},
    {"reported_from": (timezone.localdate() - timedelta(days=7)).isoformat()},
    {"reported_to": (timezone.localdate() - timedelta(days=7)).isoformat()},
    {"q": "gereja"},
    {"overdue": "1"},
    {"sort": "level"},
    {"sort": "oldest", "alert_level": "3,1"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_api_list_filters_equal_the_ui_filters(api_as, varied, params, rf):
    request = rf.get("/kasus/", params)
    flt = selectors.CaseFilter.from_params(request.GET)
    expected = [c.number for c in selectors.case_list(varied, flt)]
    body = api_as(varied).get("/api/v1/cases", {**params, "page_size": 100}).json()
    assert [c["number"] for c in body["items"]] == expected
    assert body["count"] == len(expected)


def test_every_ui_filter_is_an_api_parameter():
    from selaras.cases.schemas import CaseListQuery

    ui_filters = set(selectors.CaseFilter.__dataclass_fields__)
    assert ui_filters <= set(CaseListQuery.model_fields)


@pytest.mark.parametrize("params", [{"status": "nope"}, {"alert_level": "7"},
                                    {"region": "123"}, {"reported_from": "kemarin"},
                                    {"sort": "random"}, {"category": "tidak-ada"}])
def test_bad_filters_are_refused_alike(api_as, varied, params):
    with pytest.raises(Exception) as refused:
        selectors.CaseFilter.from_params(params)
    field = next(iter(params))
    assert field in refused.value.message_dict
    response = api_as(varied).get("/api/v1/cases", params)
    assert response.status_code == 422 and field in response.json()["errors"]


# --------------------------------------------------------------------------- OpenAPI headers


def _operation(path: str, method: str) -> dict:
    from selaras.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")["paths"][f"/api/v1{path}"][method]


def _header(operation: dict, name: str) -> dict | None:
    return next((p for p in operation.get("parameters", [])
                 if p["in"] == "header" and p["name"] == name), None)


def test_schema_documents_if_match_etag_and_idempotency_key():
    patch = _operation("/cases/{number}", "patch")
    assert _header(patch, "If-Match")["required"] is True
    assert {"412", "428"} <= set(patch["responses"])
    assert "ETag" in patch["responses"]["200"]["headers"]
    transition = _operation("/cases/{number}/transitions", "post")
    assert _header(transition, "If-Match")["required"] is False
    assert "ETag" in transition["responses"]["200"]["headers"]
    get = _operation("/cases/{number}", "get")
    assert _header(get, "If-None-Match") and "ETag" in get["responses"]["200"]["headers"]
    assert "content" not in get["responses"]["304"]
    from selaras.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    posts = [item["post"] for item in schema["paths"].values() if "post" in item]
    assert posts and all(_header(op, "Idempotency-Key") for op in posts)
    assert all(_header(op, "Idempotency-Key")["required"] is False for op in posts)
    assert all("429" in op["responses"] for item in schema["paths"].values()
               for op in item.values())


def test_served_schema_is_the_documented_one(client, db):
    served = client.get("/api/v1/openapi.json").json()
    patch = served["paths"]["/api/v1/cases/{number}"]["patch"]
    assert _header(patch, "If-Match")["required"] is True
