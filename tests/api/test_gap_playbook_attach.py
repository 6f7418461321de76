"""POST /cases/{number}/playbooks: choosing the playbook a case follows (as on the case page)."""

from selaras.cases.models import CaseEvent
from tests.api.conftest import ApiClient
from tests.playbooks.conftest import (  # noqa: F401 (fixtures)
    editor,
    kepala,
    make_playbook,
    playbook,
    step_data,
    verified_case,
)


def _url(case):
    return f"/api/v1/cases/{case.number}/playbooks"


def test_replacing_the_playbook_needs_a_reason(verified_case, kepala,  # noqa: F811
                                               make_playbook):  # noqa: F811
    other = make_playbook(category="sengketa_wakaf", title="SOP lain",
                          steps=[step_data("Dialog", hours=24)])
    api = ApiClient(kepala)
    refused = api.post(_url(verified_case), {"playbook": other.pk})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    done = api.post(_url(verified_case), {"playbook": other.pk, "reason": "Lebih cocok."})
    assert done.status_code == 200, done.content
    assert done.json()["title"] == "SOP lain" and done.json()["total"] == 1
    assert CaseEvent.objects.filter(case=verified_case, kind="playbook",
                                    action="attached").count() == 2
    again = api.post(_url(verified_case), {"playbook": other.pk, "reason": "Lagi."})
    assert again.status_code == 409


def test_unknown_playbook_or_bad_body_is_422(verified_case, kepala):  # noqa: F811
    api = ApiClient(kepala)
    for body in ({"playbook": 999999}, {"playbook": "1"}, {}, {"playbook": 1, "x": 1}):
        response = api.post(_url(verified_case), body)
        assert response.status_code == 422, body
    assert api.post(_url(verified_case), {"playbook": 999999}).json()["errors"].get("playbook")


def test_outside_jurisdiction_is_404_and_readers_are_403(verified_case, make_user,  # noqa: F811
                                                        playbook):  # noqa: F811
    outsider = ApiClient(make_user("sibling", "kepala"))
    assert outsider.post(_url(verified_case), {"playbook": playbook.pk}).status_code == 404
    analyst = ApiClient(make_user("own", "analis"))
    assert analyst.post(_url(verified_case), {"playbook": playbook.pk,
                                              "reason": "x"}).status_code == 403
