"""GET /risk/alerts/{id} (the alert page's data) and GET /counsellors with the page's rules."""

import pytest
from django.urls import reverse

from selaras.earlywarning import services
from tests.api.conftest import ApiClient
from tests.earlywarning.conftest import (  # noqa: F401 (fixtures)
    DISTRICT,
    T,
    _no_login_access_log,
    file_report,
    frozen,
    worked_example,
)


def test_one_alert_in_jurisdiction_and_404_outside(worked_example, make_user):  # noqa: F811
    services.recompute(T)
    kua = ApiClient(worked_example["kua"])
    listed = kua.get("/api/v1/risk/alerts").json()["items"][0]
    response = kua.get(f"/api/v1/risk/alerts/{listed['id']}")
    assert response.status_code == 200
    assert response.json() == listed
    assert response.json()["district"] == DISTRICT
    outsider = ApiClient(make_user("sibling", "kepala"))
    assert outsider.get(f"/api/v1/risk/alerts/{listed['id']}").status_code == 404


@pytest.mark.parametrize("alert_id", ["999999", "99999999999999999999999", "-1", "abc"])
def test_unknown_alert_ids_are_404_or_422_never_500(db, make_user, alert_id):
    response = ApiClient(make_user("child", "pelapor")).get(f"/api/v1/risk/alerts/{alert_id}")
    assert response.status_code in (404, 422)


def test_counsellors_are_403_for_roles_that_may_not_import_like_the_page(db, make_user,
                                                                         client):
    from selaras.imports.models import Counsellor
    from selaras.org.models import Unit

    Counsellor.objects.create(name="Ahmad", unit=Unit.objects.get(code="327301"))
    reporter = make_user("child", "pelapor")
    assert ApiClient(reporter).get("/api/v1/counsellors").status_code == 403
    client.force_login(reporter)
    assert client.get(reverse("counsellor-list")).status_code == 403
    admin = ApiClient(make_user("pusat", "admin"))
    assert [c["name"] for c in admin.get("/api/v1/counsellors").json()["items"]] == ["Ahmad"]
