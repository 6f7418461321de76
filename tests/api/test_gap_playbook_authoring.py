"""Playbook authoring through the API (issue #5): Pusat creates playbooks, starts drafts,
adds/changes/moves/removes steps and publishes — through the same services as the
editing pages, with an ETag per version and If-Match on every change of a draft."""

import pytest

from selaras.playbooks.models import Playbook, PlaybookStep, PlaybookVersion, VersionStatus
from tests.api.conftest import ApiClient
from tests.playbooks.conftest import (  # noqa: F401 (fixtures)
    editor,
    make_playbook,
    playbook,
    step_data,
)

STEP = {"title": "Musyawarah", "guidance": "Undang para pihak.", "responsible_level": 3,
        "offset_hours": 72}


def _version_url(playbook, number, suffix=""):  # noqa: F811
    return f"/api/v1/playbooks/{playbook.pk}/versions/{number}{suffix}"


def _snapshot(playbook) -> list:  # noqa: F811
    """Everything authoring may change, to prove a refused request changed nothing."""
    return [(v.number, v.status, v.change_note,
             [(s.pk, s.position, s.title, s.guidance, s.offset_hours)
              for s in v.steps.order_by("position", "id")])
            for v in PlaybookVersion.objects.filter(playbook=playbook).order_by("number")]


@pytest.fixture
def api(editor):  # noqa: F811
    return ApiClient(editor)


@pytest.fixture
def draft(api, playbook):  # noqa: F811
    """Draft version 2 of the published playbook (a copy of its three steps) and its ETag."""
    response = api.post(f"/api/v1/playbooks/{playbook.pk}/drafts")
    assert response.status_code == 201, response.content
    return PlaybookVersion.objects.get(playbook=playbook, number=2), response["ETag"]


# --------------------------------------------------------------------------- happy path


def test_create_playbook_then_add_steps_and_publish(api, editor):  # noqa: F811
    created = api.post("/api/v1/playbooks", {"category": "sengketa_wakaf", "alert_level": 2,
                                             "title": "SOP wakaf siaga"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["draft_version"] == 1 and body["published_version"] is None
    assert body["versions"][0]["status"] == "draft" and body["versions"][0]["steps"] == 0
    playbook = Playbook.objects.get(pk=body["id"])  # noqa: F811
    assert (playbook.category_id, playbook.alert_level) == ("sengketa_wakaf", 2)

    read = api.get(_version_url(playbook, 1))
    assert read.status_code == 200 and read.json()["editable"] is True
    etag = read["ETag"]
    assert etag.startswith('W/"pb')
    added = api.post(_version_url(playbook, 1, "/steps"), STEP, **{"If-Match": etag})
    assert added.status_code == 201, added.content
    assert [s["title"] for s in added.json()["steps"]] == ["Musyawarah"]
    assert added["ETag"] != etag
    second = api.post(_version_url(playbook, 1, "/steps"),
                      {**STEP, "title": "Mediasi", "anchor": "handling_started",
                       "legal_regulation": "UU 41/2004", "legal_article": "Pasal 62",
                       "legal_verified": True}, **{"If-Match": added["ETag"]})
    assert second.status_code == 201, second.content
    step = second.json()["steps"][1]
    assert step["legal_basis"]["verified"] is True and step["legal_article"] == "Pasal 62"

    published = api.post(_version_url(playbook, 1, "/publish"), {},
                         **{"If-Match": second["ETag"]})
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published" and published.json()["editable"] is False
    assert published.json()["published_by"] == editor.username
    listed = api.get("/api/v1/playbooks").json()["items"]
    assert any(p["id"] == playbook.pk and len(p["steps"]) == 2 for p in listed)


def test_new_draft_copies_the_steps_and_is_answered_once(api, playbook, draft):  # noqa: F811
    version, _etag = draft
    assert version.status == VersionStatus.DRAFT and version.steps.count() == 3
    again = api.post(f"/api/v1/playbooks/{playbook.pk}/drafts")
    assert again.status_code == 200 and again.json()["number"] == 2
    assert PlaybookVersion.objects.filter(playbook=playbook).count() == 2
    detail = api.get(f"/api/v1/playbooks/{playbook.pk}").json()
    assert (detail["published_version"], detail["draft_version"]) == (1, 2)
    assert [v["number"] for v in detail["versions"]] == [2, 1]


def test_change_note_edit_move_remove_and_publish_the_draft(api, playbook, draft):  # noqa: F811
    version, etag = draft
    noted = api.patch(_version_url(playbook, 2), {"change_note": "Tenggat dipersingkat"},
                      **{"If-Match": etag})
    assert noted.status_code == 200 and noted.json()["change_note"] == "Tenggat dipersingkat"
    first, second, third = version.steps.order_by("position")
    edited = api.patch(_version_url(playbook, 2, f"/steps/{second.pk}"),
                       {"offset_hours": 12}, **{"If-Match": noted["ETag"]})
    assert edited.status_code == 200, edited.content
    second.refresh_from_db()
    assert second.offset_hours == 12 and second.title == "Pendapat FKUB"  # the rest kept
    moved = api.post(_version_url(playbook, 2, f"/steps/{third.pk}/move"), {"direction": "up"},
                     **{"If-Match": edited["ETag"]})
    assert moved.status_code == 200
    assert [s["id"] for s in moved.json()["steps"]] == [first.pk, third.pk, second.pk]
    removed = api.client.delete(_version_url(playbook, 2, f"/steps/{first.pk}"),
                                headers={**api.headers, "If-Match": moved["ETag"]})
    assert removed.status_code == 200, removed.content
    assert [(s["id"], s["position"]) for s in removed.json()["steps"]] == [
        (third.pk, 1), (second.pk, 2)]
    published = api.post(_version_url(playbook, 2, "/publish"), {},
                         **{"If-Match": removed["ETag"]})
    assert published.status_code == 200, published.content
    statuses = dict(PlaybookVersion.objects.filter(playbook=playbook)
                    .values_list("number", "status"))
    assert statuses == {1: "retired", 2: "published"}


def test_get_version_answers_304_for_a_current_etag(api, playbook, draft):  # noqa: F811
    _version, etag = draft
    assert api.get(_version_url(playbook, 2), **{"If-None-Match": etag}).status_code == 304
    assert api.get(_version_url(playbook, 2), **{"If-None-Match": 'W/"x"'}).status_code == 200


# --------------------------------------------------------------------------- concurrency


def test_a_stale_if_match_overwrites_nothing(api, playbook, draft):  # noqa: F811
    version, etag = draft
    step = version.steps.order_by("position").first()
    first = api.patch(_version_url(playbook, 2, f"/steps/{step.pk}"), {"title": "Versi A"},
                      **{"If-Match": etag})
    assert first.status_code == 200
    before = _snapshot(playbook)
    for method, suffix, body in [
        ("patch", f"/steps/{step.pk}", {"title": "Versi B"}),
        ("patch", "", {"change_note": "B"}),
        ("post", "/steps", STEP),
        ("post", f"/steps/{step.pk}/move", {"direction": "down"}),
        ("post", "/publish", {"change_note": "B"}),
    ]:
        stale = getattr(api, method)(_version_url(playbook, 2, suffix), body,
                                     **{"If-Match": etag})
        assert stale.status_code == 412, (suffix, stale.content)
        assert stale["ETag"] == first["ETag"] and stale.json()["detail"]
    deleted = api.client.delete(_version_url(playbook, 2, f"/steps/{step.pk}"),
                                headers={**api.headers, "If-Match": etag})
    assert deleted.status_code == 412
    assert _snapshot(playbook) == before
    step.refresh_from_db()
    assert step.title == "Versi A"


def test_if_match_is_required_and_must_be_well_formed(api, playbook, draft):  # noqa: F811
    version, _etag = draft
    before = _snapshot(playbook)
    missing = api.patch(_version_url(playbook, 2), {"change_note": "x"})
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]
    assert api.post(_version_url(playbook, 2, "/steps"), STEP).status_code == 428
    garbled = api.patch(_version_url(playbook, 2), {"change_note": "x"},
                        **{"If-Match": "no quotes"})
    assert garbled.status_code == 400
    assert _snapshot(playbook) == before
    anything = api.patch(_version_url(playbook, 2), {"change_note": "x"}, **{"If-Match": "*"})
    assert anything.status_code == 200


# --------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("unit, role", [("own", "kepala"), ("kanwil", "kepala"),
                                        ("pusat", "penangan"), ("pusat", "analis")])
def test_only_pusat_heads_and_admins_author(make_user, playbook, draft, unit, role):  # noqa: F811
    version, etag = draft
    step = version.steps.first()
    other = ApiClient(make_user(unit, role))
    before = _snapshot(playbook)
    count = Playbook.objects.count()
    answers = [
        other.post("/api/v1/playbooks", {"category": "lainnya", "title": "x"}),
        other.post(f"/api/v1/playbooks/{playbook.pk}/drafts"),
        other.patch(_version_url(playbook, 2), {"change_note": "x"}, **{"If-Match": etag}),
        other.patch(_version_url(playbook, 2), {"change_note": "x"}),  # 403 before 428
        other.post(_version_url(playbook, 2, "/steps"), STEP, **{"If-Match": etag}),
        other.patch(_version_url(playbook, 2, f"/steps/{step.pk}"), {"title": "x"},
                    **{"If-Match": etag}),
        other.post(_version_url(playbook, 2, f"/steps/{step.pk}/move"), {"direction": "up"},
                   **{"If-Match": etag}),
        other.client.delete(_version_url(playbook, 2, f"/steps/{step.pk}"),
                            headers={**other.headers, "If-Match": etag}),
        other.post(_version_url(playbook, 2, "/publish"), {}, **{"If-Match": etag}),
    ]
    assert [a.status_code for a in answers] == [403] * len(answers)
    assert _snapshot(playbook) == before and Playbook.objects.count() == count
    # Reading stays open to every member, drafts included (like the playbook pages).
    read = other.get(_version_url(playbook, 2))
    assert read.status_code == 200 and read.json()["editable"] is False


def test_pusat_admin_may_author(make_user, playbook):  # noqa: F811
    admin = ApiClient(make_user("pusat", "admin"))
    assert admin.post(f"/api/v1/playbooks/{playbook.pk}/drafts").status_code == 201


def test_a_user_without_an_office_reads_nothing(django_user_model, playbook):  # noqa: F811
    nobody = ApiClient(django_user_model.objects.create_user("tanpa_kantor", password="x"))
    assert nobody.get(f"/api/v1/playbooks/{playbook.pk}").status_code == 403
    assert nobody.get(_version_url(playbook, 1)).status_code == 403


def test_no_token_is_401(client, playbook):  # noqa: F811
    assert client.get(f"/api/v1/playbooks/{playbook.pk}").status_code == 401
    assert client.post("/api/v1/playbooks", "{}", content_type="application/json"
                       ).status_code in (401, 403)


# --------------------------------------------------------------------------- bad input


def test_published_versions_are_never_edited(api, playbook):  # noqa: F811
    version = playbook.versions.get(number=1)
    etag = api.get(_version_url(playbook, 1))["ETag"]
    before = _snapshot(playbook)
    step = version.steps.first()
    for answer in [
        api.patch(_version_url(playbook, 1), {"change_note": "x"}, **{"If-Match": etag}),
        api.post(_version_url(playbook, 1, "/steps"), STEP, **{"If-Match": etag}),
        api.patch(_version_url(playbook, 1, f"/steps/{step.pk}"), {"title": "x"},
                  **{"If-Match": etag}),
        api.post(_version_url(playbook, 1, "/publish"), {}, **{"If-Match": etag}),
    ]:
        assert answer.status_code == 409, answer.content
    assert _snapshot(playbook) == before


def test_bad_step_input_is_422_with_every_problem_and_nothing_written(api, playbook,  # noqa: F811
                                                                      draft):
    version, etag = draft
    before = _snapshot(playbook)
    refused = api.post(_version_url(playbook, 2, "/steps"),
                       {**STEP, "title": " ", "anchor": "kapan-kapan", "responsible_level": 9,
                        "legal_verified": True}, **{"If-Match": etag})
    assert refused.status_code == 422
    assert {"title", "anchor", "responsible_level", "legal_verified"} <= set(
        refused.json()["errors"])
    for body in [{"title": "x"}, {**STEP, "unknown": 1}, {**STEP, "offset_hours": "72"},
                 {**STEP, "offset_hours": 10**6}, {**STEP, "title": "a\x00b"}]:
        answer = api.post(_version_url(playbook, 2, "/steps"), body, **{"If-Match": etag})
        assert answer.status_code == 422, (body, answer.content)
    step = version.steps.first()
    assert api.patch(_version_url(playbook, 2, f"/steps/{step.pk}"), {"title": None},
                     **{"If-Match": etag}).status_code == 422
    assert api.post(_version_url(playbook, 2, f"/steps/{step.pk}/move"),
                    {"direction": "sideways"}, **{"If-Match": etag}).status_code == 422
    assert api.post(_version_url(playbook, 2, "/steps"), "[1]",
                    **{"If-Match": etag}).status_code == 400
    assert _snapshot(playbook) == before


def test_bad_create_input_is_422(api, playbook):  # noqa: F811
    count = Playbook.objects.count()
    duplicate = api.post("/api/v1/playbooks", {"category": "rumah_ibadah", "title": "Lagi"})
    assert duplicate.status_code == 422 and "category" in duplicate.json()["errors"]
    for body in [{"category": "tidak-ada", "title": "x"}, {"category": "lainnya"},
                 {"category": "lainnya", "title": "x", "alert_level": 7},
                 {"category": "lainnya", "title": "x", "alert_level": "2"}]:
        assert api.post("/api/v1/playbooks", body).status_code == 422, body
    assert Playbook.objects.count() == count


def test_publishing_needs_steps_and_a_change_note(api, playbook, draft):  # noqa: F811
    _version, etag = draft
    refused = api.post(_version_url(playbook, 2, "/publish"), {}, **{"If-Match": etag})
    assert refused.status_code == 422 and "change_note" in refused.json()["errors"]
    created = api.post("/api/v1/playbooks", {"category": "lainnya", "title": "Kosong"}).json()
    empty = Playbook.objects.get(pk=created["id"])
    etag = api.get(_version_url(empty, 1))["ETag"]
    refused = api.post(_version_url(empty, 1, "/publish"), {}, **{"If-Match": etag})
    assert refused.status_code == 422 and "steps" in refused.json()["errors"]
    assert not PlaybookVersion.objects.filter(status="published", playbook=empty).exists()


def test_unknown_or_foreign_ids_are_404(api, playbook, draft, make_playbook):  # noqa: F811
    _version, etag = draft
    other = make_playbook(category="sengketa_wakaf", title="SOP lain")
    foreign_step = PlaybookStep.objects.filter(version__playbook=other).first()
    assert api.get("/api/v1/playbooks/999999").status_code == 404
    assert api.get("/api/v1/playbooks/abc").status_code == 404
    assert api.get(_version_url(playbook, 9)).status_code == 404
    assert api.post("/api/v1/playbooks/99999999999999999999999/drafts").status_code == 404
    # A step of another playbook's version is not a step of this draft.
    answer = api.patch(_version_url(playbook, 2, f"/steps/{foreign_step.pk}"),
                       {"title": "x"}, **{"If-Match": etag})
    assert answer.status_code == 404
    assert foreign_step.title != "x"


def test_a_retried_post_with_an_idempotency_key_adds_one_step(api, playbook,  # noqa: F811
                                                               draft):
    version, etag = draft
    headers = {"If-Match": etag, "Idempotency-Key": "langkah-1"}
    first = api.post(_version_url(playbook, 2, "/steps"), STEP, **headers)
    again = api.post(_version_url(playbook, 2, "/steps"), STEP, **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again["ETag"] == first["ETag"]
    assert version.steps.count() == 4
