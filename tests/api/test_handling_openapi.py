"""Every case-handling endpoint and its shapes show in /api/v1/openapi.json."""

import json

import pytest
from django.test import Client

EXPECTED = {
    "/api/v1/parties": {"get": "200", "post": "201"},
    "/api/v1/parties/{party_id}": {"get": "200"},
    "/api/v1/cases/{number}/parties": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/parties/{link_id}": {"delete": "204"},
    "/api/v1/cases/{number}/impact": {"get": "200", "put": "200"},
    "/api/v1/cases/{number}/actions": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/tasks": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/tasks/{task_id}/complete": {"post": "200"},
    "/api/v1/cases/{number}/tasks/{task_id}/cancel": {"post": "200"},
    "/api/v1/cases/{number}/agreements": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/agreements/{agreement_id}/kept": {"post": "200"},
    "/api/v1/cases/{number}/agreements/{agreement_id}/breached": {"post": "200"},
    "/api/v1/cases/{number}/referrals": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/referrals/{referral_id}": {"patch": "200"},
    "/api/v1/cases/{number}/attachments": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/attachments/{attachment_id}/download": {"get": "200"},
    "/api/v1/cases/{number}/registry-links": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/registry-links/{link_id}": {"delete": "204"},
    "/api/v1/cases/{number}/related": {"get": "200", "post": "201"},
    "/api/v1/cases/{number}/related/{other}": {"delete": "204"},
    "/api/v1/cases/{number}/merge": {"post": "200"},
    "/api/v1/cases/{number}/report.pdf": {"get": "200"},
    "/api/v1/tasks/mine": {"get": "200"},
}


@pytest.fixture
def schema(db):
    return json.loads(Client().get("/api/v1/openapi.json").content)


def test_every_endpoint_is_documented_with_its_answers(schema):
    for path, methods in EXPECTED.items():
        assert path in schema["paths"], path
        for method, success in methods.items():
            operation = schema["paths"][path][method]
            responses = set(operation["responses"])
            assert success in responses, (path, method)
            assert {"401", "404"} <= responses or path.startswith("/api/v1/parties") \
                or path == "/api/v1/tasks/mine", (path, method, responses)
            assert operation.get("summary"), (path, method)
            if method in ("post", "put", "patch") and success != "204":
                assert {"401", "403", "422"} <= responses, (path, method)


def test_shapes_are_named_schemas(schema):
    components = set(schema["components"]["schemas"])
    for name in ("PartyOut", "PartyCreatedOut", "PartyDetailOut", "CasePartyOut", "ImpactOut",
                 "ActionOut", "TaskOut", "MyTaskOut", "AgreementOut", "ReferralOut",
                 "AttachmentOut", "RegistryLinkOut", "ErrorOut"):
        assert name in components, name


def test_binary_answers_and_the_multipart_upload_are_described(schema):
    pdf = schema["paths"]["/api/v1/cases/{number}/report.pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    assert any(p["name"] == "level" for p in pdf["parameters"])
    download = schema["paths"]["/api/v1/cases/{number}/attachments/{attachment_id}/download"]
    assert "application/octet-stream" in download["get"]["responses"]["200"]["content"]
    upload = schema["paths"]["/api/v1/cases/{number}/attachments"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    text = json.dumps(form) + json.dumps(schema["components"]["schemas"])
    assert "file" in text and "kind" in text


def test_required_fields_are_documented(schema):
    components = schema["components"]["schemas"]
    assert set(components["PartyIn"]["required"]) == {"kind", "name", "region"}
    assert set(components["ActionIn"]["required"]) == {"type", "date", "outcome"}
    assert set(components["MergeIn"]["required"]) == {"into", "reason"}
