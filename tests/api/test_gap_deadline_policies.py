"""GET/POST /deadline-policies, DELETE /deadline-policies/{id}: Pusat heads and admins only."""

import pytest
from django.urls import reverse

from selaras.automation.models import DeadlinePolicy
from tests.api.conftest import ApiClient

URL = "/api/v1/deadline-policies"
BODY = {"alert_level": 2, "category": "rumah_ibadah", "verify_hours": 12,
        "first_action_hours": 48, "resolve_days": 20}


def test_pusat_lists_sets_and_removes_a_category_policy(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    listed = api.get(URL).json()
    assert listed["count"] == DeadlinePolicy.objects.count() >= 3
    assert {p["alert_level"] for p in listed["items"] if p["category"] is None} == {1, 2, 3}
    created = api.post(URL, BODY)
    assert created.status_code == 200, created.content
    body = created.json()
    assert (body["category"], body["verify_hours"], body["resolve_days"]) == (
        "rumah_ibadah", 12, 20)
    again = api.post(URL, {**BODY, "verify_hours": 10}).json()
    assert again["id"] == body["id"] and again["verify_hours"] == 10
    assert api._send("delete", f"{URL}/{body['id']}", "", "application/json",
                     {}).status_code == 204
    assert not DeadlinePolicy.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize("who", [("kanwil", "kepala"), ("own", "admin"), ("pusat", "analis"),
                                 ("child", "penangan")])
def test_everybody_else_is_403_like_the_page(db, make_user, client, who):
    user = make_user(*who)
    api = ApiClient(user)
    policy = DeadlinePolicy.objects.filter(category__isnull=True).first()
    assert api.get(URL).status_code == 403
    assert api.post(URL, BODY).status_code == 403
    assert api._send("delete", f"{URL}/{policy.pk}", "", "application/json",
                     {}).status_code == 403
    client.force_login(user)
    assert client.get(reverse("deadline-policies")).status_code == 403
    assert DeadlinePolicy.objects.filter(pk=policy.pk).exists()


@pytest.mark.parametrize("change, field", [
    ({"verify_hours": 0}, "verify_hours"), ({"resolve_days": 99999}, "resolve_days"),
    ({"alert_level": 4}, "alert_level"), ({"category": "tidak-ada"}, "category"),
    ({"first_action_hours": "x"}, None),
])
def test_bad_input_is_422_with_field_errors_and_changes_nothing(db, pusat_kepala, change,
                                                                field):
    before = list(DeadlinePolicy.objects.values())
    response = ApiClient(pusat_kepala).post(URL, {**BODY, **change})
    assert response.status_code == 422
    if field:
        assert field in response.json()["errors"]
    assert list(DeadlinePolicy.objects.values()) == before


def test_a_levels_default_cannot_be_removed_and_unknown_ids_are_404(db, pusat_kepala):
    api = ApiClient(pusat_kepala)
    default = DeadlinePolicy.objects.filter(category__isnull=True).first()
    refused = api._send("delete", f"{URL}/{default.pk}", "", "application/json", {})
    assert refused.status_code == 422 and "policy" in refused.json()["errors"]
    assert DeadlinePolicy.objects.filter(pk=default.pk).exists()
    for bad in ("999999", "0", "99999999999999999999999"):
        response = api._send("delete", f"{URL}/{bad}", "", "application/json", {})
        assert response.status_code in (404, 422)
