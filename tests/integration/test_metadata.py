"""GET /api/v1/metadata: the data dictionary, generated from the OpenAPI schema."""

import pytest

from selaras.api import api
from selaras.cases.models import AlertLevel, Category, Religion, SourceChannel, Status
from selaras.handling.models import TaskStatus
from selaras.integration import metadata
from selaras.integration.models import SourceSystem
from selaras.org.models import Role, UnitLevel

URL = "/api/v1/metadata"

# The resources integrators build against; each must be in the dictionary.
CORE_RESOURCES = {
    "cases", "events", "notes", "parties", "case_parties", "impacts", "handling_actions",
    "tasks", "agreements", "referrals", "attachments", "registry_links", "playbooks",
    "regions", "units", "categories", "notifications", "intake", "external_refs",
}


@pytest.fixture
def dictionary(api_as, make_user):
    answer = api_as(make_user("child", "pelapor")).get(URL)
    assert answer.status_code == 200, answer.content
    return answer.json()


def components():
    return api.get_openapi_schema()["components"]["schemas"]


def fields_of(data, resource) -> dict:
    return {f["name"]: f for f in data["resources"][resource]["fields"]}


def codes(data, vocabulary) -> list:
    return [c["code"] for c in data["vocabularies"][vocabulary]["codes"]]


def test_every_curated_resource_schema_exists():
    """A renamed or removed component must be noticed here, not silently dropped."""
    schemas = components()
    missing = {name: spec.schema for name, spec in metadata.RESOURCES.items()
               if spec.schema not in schemas}
    assert missing == {}
    bad_inputs = {c for spec in metadata.RESOURCES.values()
                  for c in (*spec.inputs, *spec.filters) if c not in schemas}
    assert bad_inputs == set()


def test_structure(dictionary):
    assert set(dictionary) == {"api_version", "openapi", "resources", "vocabularies",
                               "standards"}
    assert CORE_RESOURCES <= set(dictionary["resources"])
    cases = dictionary["resources"]["cases"]
    assert cases["schema"] == "CaseDetailOut"
    assert set(cases["input_schemas"]) == {"CaseCreateIn", "CaseUpdateIn", "TransitionIn"}
    field = fields_of(dictionary, "cases")["occurred_at"]
    assert field["type"] == "string" and field["format"] == "date-time"
    assert field["writable"] is True and field["in_output"] is True
    assert fields_of(dictionary, "cases")["latitude"]["nullable"] is True
    assert fields_of(dictionary, "cases")["reason"]["in_output"] is False
    assert {f["name"] for f in cases["filters"]} >= {"status", "region", "q", "page"}


def test_every_field_of_every_resource_comes_from_the_schema(dictionary):
    schemas = components()
    for name, resource in dictionary["resources"].items():
        output = set(schemas[resource["schema"]]["properties"])
        listed = {f["name"] for f in resource["fields"] if f["in_output"]}
        assert listed == output, name


def test_every_output_component_is_listed(dictionary):
    """New ...Out schemas (from any app) appear without curating them."""
    listed = {r["schema"] for r in dictionary["resources"].values()}
    for component in components():
        if component.endswith("Out") and component not in metadata._NOT_LISTED \
                and not component[:-3].endswith(("List", "Page")):
            assert component in listed


def test_every_case_field_has_an_indonesian_meaning(dictionary):
    lacking = [f["name"] for f in dictionary["resources"]["cases"]["fields"]
               if f["meaning_source"] != "curated" or not f["meaning"]]
    assert lacking == []


@pytest.mark.parametrize("resource", sorted(CORE_RESOURCES))
def test_core_resources_have_meanings(dictionary, resource):
    assert dictionary["resources"][resource]["meaning"]
    lacking = [f["name"] for f in dictionary["resources"][resource]["fields"]
               if not f["meaning"]]
    assert lacking == []


def test_uncurated_fields_fall_back_to_the_schema_description():
    field = metadata._field("x", "an_uncurated_field", {"type": "string",
                                                        "description": "From the schema."},
                            required=False, writable=False, in_output=True)
    assert field["meaning"] == "From the schema."
    assert field["meaning_source"] == "schema"


def test_vocabularies_match_the_model_choices(dictionary):
    assert codes(dictionary, "case_status") == Status.values
    assert codes(dictionary, "alert_level") == AlertLevel.values
    assert codes(dictionary, "religion") == Religion.values
    assert codes(dictionary, "source_channel") == SourceChannel.values
    assert codes(dictionary, "source_system") == SourceSystem.values
    assert codes(dictionary, "role") == Role.values
    assert codes(dictionary, "unit_level") == UnitLevel.values
    assert codes(dictionary, "task_status") == TaskStatus.values
    from selaras.cases.workflow import TRANSITIONS

    assert codes(dictionary, "workflow_action") == list(TRANSITIONS)


def test_categories_come_from_the_database(dictionary, db):
    assert codes(dictionary, "category") == list(
        Category.objects.filter(is_active=True).order_by("position", "code")
        .values_list("code", flat=True))
    assert "lainnya" in codes(dictionary, "category")


def test_enum_fields_point_to_their_vocabulary(dictionary):
    cases = fields_of(dictionary, "cases")
    assert cases["status"]["vocabulary"] == "case_status"
    assert cases["alert_level"]["vocabulary"] == "alert_level"
    assert cases["category"]["vocabulary"] == "category"
    assert cases["religions"]["vocabulary"] == "religion"
    assert cases["location"]["reference"] == "GET /api/v1/regions"
    assert fields_of(dictionary, "tasks")["status"]["vocabulary"] == "task_status"
    assert fields_of(dictionary, "handling_actions")["outcome"]["vocabulary"] is None
    assert fields_of(dictionary, "intake")["source_system"]["vocabulary"] == "source_system"
    for resource in dictionary["resources"].values():
        for field in resource["fields"]:
            if field["vocabulary"]:
                assert field["vocabulary"] in dictionary["vocabularies"]


def test_standards(dictionary):
    standards = dictionary["standards"]
    assert standards["region_codes"]["hierarchy"] == {
        "province": 2, "regency_city": 4, "district": 6, "village": 10}
    assert "Permendagri 72/2019" in standards["region_codes"]["description"]
    assert "ISO 8601" in standards["dates"]["description"]
    assert set(standards["satu_data_indonesia"]["principles"]) == {
        "data_standard", "metadata", "reference_codes", "interoperability"}


def test_filter_by_resource(api_as, make_user):
    answer = api_as(make_user("own", "analis")).get(URL + "?resource=cases")
    assert answer.status_code == 200
    data = answer.json()
    assert list(data["resources"]) == ["cases"]
    assert "case_status" in data["vocabularies"]
    assert "task_status" not in data["vocabularies"]


def test_unknown_resource_is_404(api_as, make_user):
    answer = api_as(make_user("own", "analis")).get(URL + "?resource=nope",
                                                    **{"Accept-Language": "en"})
    assert answer.status_code == 404
    assert "cases" in answer.json()["detail"]


def test_any_authenticated_user_but_not_anonymous(api_as, make_user):
    assert api_as(make_user("own", "auditor")).get(URL).status_code == 200
    assert api_as().get(URL).status_code == 401
