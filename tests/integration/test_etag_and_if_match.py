"""No lost updates: ETag on every single-case answer; If-Match on PATCH and transitions."""

from selaras.cases import services
from selaras.cases.models import Case, CaseEvent


def url(case):
    return f"/api/v1/cases/{case.number}"


def test_get_carries_an_etag_that_changes_after_a_write(api_as, make_user, make_case):
    case = make_case()
    penangan = make_user("own", "penangan")
    api = api_as(penangan)
    first = api.get(url(case))
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag == f'W/"{case.number}-v{case.version}"'
    services.add_note(actor=penangan, case=case, body="sementara itu")  # bumps the version
    assert api.get(url(case))["ETag"] != etag


def test_if_none_match_gives_304_until_the_case_changes(api_as, make_user, make_case):
    case = make_case()
    penangan = make_user("own", "penangan")
    api = api_as(penangan)
    etag = api.get(url(case))["ETag"]
    unchanged = api.get(url(case), **{"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    services.add_note(actor=penangan, case=case, body="x")
    assert api.get(url(case), **{"If-None-Match": etag}).status_code == 200


def test_patch_without_if_match_is_428_and_changes_nothing(api_as, make_user, make_case):
    case = make_case()
    response = api_as(make_user("own", "penangan")).patch(url(case), {"title": "Baru"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).title == case.title


def test_patch_with_a_stale_etag_is_412_and_nothing_is_written(api_as, make_user, make_case):
    case = make_case()
    penangan = make_user("own", "penangan")
    api = api_as(penangan)
    etag = api.get(url(case))["ETag"]
    services.add_note(actor=penangan, case=case, body="someone else")  # a concurrent write
    events = CaseEvent.objects.filter(case=case).count()
    response = api.patch(url(case), {"title": "Baru"}, **{"If-Match": etag})
    assert response.status_code == 412
    assert response.json()["detail"]
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.title == case.title
    assert response["ETag"] == f'W/"{case.number}-v{fresh.version}"'
    assert CaseEvent.objects.filter(case=case).count() == events


def test_patch_with_the_current_etag_succeeds_and_returns_the_new_one(api_as, make_user,
                                                                      make_case):
    case = make_case()
    api = api_as(make_user("own", "penangan"))
    etag = api.get(url(case))["ETag"]
    response = api.patch(url(case), {"title": "Judul baru"}, **{"If-Match": etag})
    assert response.status_code == 200, response.content
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.title == "Judul baru"
    assert response["ETag"] == f'W/"{case.number}-v{fresh.version}"' != etag
    # the old tag is stale now
    again = api.patch(url(case), {"title": "Lagi"}, **{"If-Match": etag})
    assert again.status_code == 412


def test_stale_message_is_english_on_request(api_as, make_user, make_case):
    case = make_case()
    api = api_as(make_user("own", "penangan"))
    response = api.patch(url(case), {"title": "x"},
                         **{"If-Match": f'W/"{case.number}-v999"', "Accept-Language": "en"})
    assert response.status_code == 412
    assert "Someone else changed this case" in response.json()["detail"]
    assert "Nothing was changed" in response.json()["detail"]


def test_malformed_if_match_is_400(api_as, make_user, make_case):
    case = make_case()
    response = api_as(make_user("own", "penangan")).patch(
        url(case), {"title": "x"}, **{"If-Match": "not-a-tag"})
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).title == case.title


def test_transition_with_a_stale_if_match_is_412(api_as, make_user, make_case):
    case = make_case()
    kepala = make_user("own", "kepala")
    api = api_as(kepala)
    etag = api.get(url(case))["ETag"]
    services.add_note(actor=kepala, case=case, body="someone else")
    response = api.post(url(case) + "/transitions", {"action": "verify"}, **{"If-Match": etag})
    assert response.status_code == 412
    assert Case.objects.get(pk=case.pk).status == case.status


def test_transition_with_a_fresh_if_match_carries_the_new_etag(api_as, make_user, make_case):
    case = make_case()
    api = api_as(make_user("own", "kepala"))
    etag = api.get(url(case))["ETag"]
    response = api.post(url(case) + "/transitions", {"action": "verify"}, **{"If-Match": etag})
    assert response.status_code == 200, response.content
    fresh = Case.objects.get(pk=case.pk)
    assert response["ETag"] == f'W/"{case.number}-v{fresh.version}"' != etag


def test_transition_without_if_match_still_works(api_as, make_user, make_case):
    case = make_case()
    response = api_as(make_user("own", "kepala")).post(url(case) + "/transitions",
                                                       {"action": "verify"})
    assert response.status_code == 200
    assert response["ETag"]


def test_a_workflow_conflict_with_a_fresh_if_match_stays_409(api_as, make_user, make_case):
    case = make_case()
    api = api_as(make_user("own", "kepala"))
    etag = api.get(url(case))["ETag"]
    response = api.post(url(case) + "/transitions",
                        {"action": "close", "reason": "x"}, **{"If-Match": etag})
    assert response.status_code in (409, 422), response.content
    assert response.status_code != 412
