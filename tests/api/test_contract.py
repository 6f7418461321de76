"""The shape of every endpoint's answer: status codes and JSON keys."""

from selaras.cases.models import Case, CaseEvent, Note, Status

from .helpers import CASE_KEYS, counts

LIST_KEYS = {"items", "count", "page", "page_size", "next", "previous", "next_cursor"}


def test_list_cases_shape(api_as, make_user, make_case):
    case = make_case()
    response = api_as(make_user("own", "kepala")).get("/api/v1/cases")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == LIST_KEYS
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 25
    assert body["next"] is None and body["previous"] is None
    item = body["items"][0]
    assert set(item) == CASE_KEYS
    assert item["number"] == case.number
    assert item["category"] == "rumah_ibadah"
    assert item["location"] == "3273011001"
    assert item["handling_unit"] == "3273"


def test_create_case_returns_201_with_the_case(api_as, make_user, valid_case_body):
    user = make_user("own", "kepala")
    cases, events, notes = counts()
    body = {
        **valid_case_body,
        "subcategory": "rumah_ibadah_pendirian",
        "scope": "antar",
        "religions": ["islam", "kristen"],
        "occurred_precision": "exact",
        "address": "Jl. Contoh No. 1, RT 02/RW 05",
        "latitude": -6.87,
        "longitude": 107.59,
        "legal_stage": "penghentian",
        "source_channel": "whatsapp",
        "reporter_name": "Siti Rahma",
        "reporter_contact": "0812-1111-2222",
        "confidential": True,
    }
    response = api_as(user).post("/api/v1/cases", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == CASE_KEYS | {"allowed_actions"}
    assert data["status"] == Status.DILAPORKAN
    assert data["handling_unit"] == "327301"  # level 1 → the district's KUA
    assert data["subcategory"] == "rumah_ibadah_pendirian"
    assert data["religions"] == ["islam", "kristen"]
    assert data["source_channel"] == "whatsapp"
    assert data["confidential"] is True
    assert data["reporter_name"] == "Siti Rahma"
    assert data["latitude"] == -6.87
    assert counts() == (cases + 1, events + 1, notes)
    case = Case.objects.get(number=data["number"])
    assert case.created_by == user and case.legal_stage == "penghentian"


def test_create_defaults_source_channel_to_api(api_as, make_user, valid_case_body):
    response = api_as(make_user("own", "kepala")).post("/api/v1/cases", valid_case_body)
    assert response.status_code == 201
    assert response.json()["source_channel"] == "api"


def test_get_case_carries_allowed_actions(api_as, make_user, make_case):
    case = make_case()
    data = api_as(make_user("own", "kepala")).get(f"/api/v1/cases/{case.number}").json()
    assert set(data) == CASE_KEYS | {"allowed_actions"}
    assert set(data["allowed_actions"]) >= {"verify", "reject"}
    assert "resolve" not in data["allowed_actions"]

    reporter = make_user("own", "pelapor")
    data = api_as(reporter).get(f"/api/v1/cases/{case.number}").json()
    assert data["allowed_actions"] == []


def test_transition_returns_the_updated_case(api_as, make_user, make_case):
    case = make_case()
    client = api_as(make_user("own", "kepala"))
    response = client.post(f"/api/v1/cases/{case.number}/transitions", {"action": "verify"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == Status.TERVERIFIKASI
    assert "start" in data["allowed_actions"]
    assert data["version"] == case.version + 1

    client.post(f"/api/v1/cases/{case.number}/transitions", {"action": "start"})
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions",
        {"action": "resolve", "reason": "Kesepakatan ditandatangani", "outcome": "damai"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.SELESAI
    assert response.json()["outcome"] == "damai"


def test_escalate_defaults_to_parent_and_delegate_takes_target(api_as, make_user, make_case):
    case = make_case()
    client = api_as(make_user("kanwil", "kepala"))
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions",
        {"action": "delegate", "reason": "Ditangani KUA", "target_unit": "327301"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["handling_unit"] == "327301"
    response = client.post(
        f"/api/v1/cases/{case.number}/transitions", {"action": "escalate", "reason": "Meluas"}
    )
    assert response.json()["handling_unit"] == "3273"


def test_reject_as_duplicate_names_the_original(api_as, make_user, make_case):
    original, duplicate = make_case(), make_case()
    response = api_as(make_user("own", "kepala")).post(
        f"/api/v1/cases/{duplicate.number}/transitions",
        {"action": "reject", "reason": "Laporan ganda", "reject_reason": "duplikat",
         "duplicate_of": original.number},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == Status.DITOLAK
    assert data["reject_reason"] == "duplikat"
    assert data["duplicate_of"] == original.number


def test_events_list_the_timeline(api_as, make_user, make_case):
    case = make_case()
    client = api_as(make_user("own", "kepala"))
    client.post(f"/api/v1/cases/{case.number}/transitions", {"action": "verify"})
    response = client.get(f"/api/v1/cases/{case.number}/events")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 2
    assert set(body["items"][0]) == {
        "id", "kind", "action", "actor", "actor_name", "created_at", "from_status",
        "to_status", "from_unit", "to_unit", "reason", "data",
    }
    assert [e["kind"] for e in body["items"]] == ["created", "transition"]
    assert body["items"][1]["action"] == "verify"
    assert body["items"][1]["to_status"] == Status.TERVERIFIKASI


def test_notes_can_be_added_and_listed(api_as, make_user, make_case):
    case = make_case()
    user = make_user("own", "penangan")
    client = api_as(user)
    response = client.post(f"/api/v1/cases/{case.number}/notes", {"body": "Sudah koordinasi."})
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"id", "body", "author", "author_name", "created_at"}
    assert response.json()["author"] == user.username
    body = client.get(f"/api/v1/cases/{case.number}/notes").json()
    assert body["count"] == 1 and body["items"][0]["body"] == "Sudah koordinasi."
    assert Note.objects.filter(case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, kind="note_added").count() == 1


def test_patch_changes_only_the_fields_sent(api_as, make_user, make_case):
    case = make_case(address="Jl. Lama")
    response = api_as(make_user("own", "penangan")).patch(
        f"/api/v1/cases/{case.number}",
        {"title": "Judul yang lebih jelas", "alert_level": 3, "reason": "Perkembangan baru"},
        **{"If-Match": f'W/"{case.number}-v{case.version}"'},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Judul yang lebih jelas"
    assert data["alert_level"] == 3
    assert data["address"] == "Jl. Lama"
    event = CaseEvent.objects.filter(case=case, kind="updated").get()
    assert event.reason == "Perkembangan baru"
    assert set(event.data["changes"]) == {"title", "alert_level"}


def test_categories(api_as, make_user):
    response = api_as(make_user("own", "analis")).get("/api/v1/categories")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count"} and body["count"] == len(body["items"]) > 5
    assert set(body["items"][0]) == {"code", "name", "name_en", "parent"}
    codes = {c["code"]: c for c in body["items"]}
    assert codes["rumah_ibadah"]["parent"] is None
    assert codes["rumah_ibadah_pendirian"]["parent"] == "rumah_ibadah"


def test_regions_provinces_children_and_unknown_parent(api_as, make_user):
    client = api_as(make_user("own", "analis"))
    provinces = client.get("/api/v1/regions").json()
    assert {r["code"] for r in provinces["items"]} == {"31", "32"}
    assert set(provinces["items"][0]) == {
        "code", "name", "level", "parent", "latitude", "longitude"}
    districts = client.get("/api/v1/regions", {"parent": "3273"}).json()
    assert districts["count"] == len(districts["items"]) == 30
    assert all(r["parent"] == "3273" and r["level"] == 3 for r in districts["items"])
    villages = client.get("/api/v1/regions", {"parent": "327301"}).json()
    assert "3273011001" in {r["code"] for r in villages["items"]}
    for bad in ("99", "abc", "3273999", "x" * 500):
        response = client.get("/api/v1/regions", {"parent": bad})
        assert response.status_code == 404, bad
        assert response.json()["detail"]


def test_units_root_children_and_unknown_parent(api_as, make_user):
    client = api_as(make_user("own", "analis"))
    roots = client.get("/api/v1/units").json()
    assert [u["code"] for u in roots["items"]] == ["pusat"]
    assert set(roots["items"][0]) == {"code", "name", "level", "parent"}
    kanwil = client.get("/api/v1/units", {"parent": "pusat"}).json()
    assert {u["code"] for u in kanwil["items"]} == {"31", "32"}
    assert all(u["parent"] == "pusat" and u["level"] == 1 for u in kanwil["items"])
    kua = client.get("/api/v1/units", {"parent": "3273"}).json()
    assert "327301" in {u["code"] for u in kua["items"]}
    assert client.get("/api/v1/units", {"parent": "nope"}).status_code == 404


def test_me_lists_memberships(api_as, make_user):
    user = make_user("own", "kepala")
    body = api_as(user).get("/api/v1/me").json()
    assert body["username"] == user.username
    assert body["memberships"] == [
        {"unit": "3273", "unit_name": body["memberships"][0]["unit_name"], "unit_level": 2,
         "role": "kepala"}
    ]


def test_unknown_path_and_method_answer_json(api_as, make_user):
    client = api_as(make_user("own", "kepala"))
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.json()["detail"]
    response = client.client.delete("/api/v1/cases", headers=client.headers)
    assert response.status_code == 405
    assert response.json()["detail"] and "GET" in response["Allow"]


def test_answers_are_not_cached(api_as, make_user, make_case):
    case = make_case()
    response = api_as(make_user("own", "kepala")).get(f"/api/v1/cases/{case.number}")
    assert "no-store" in response["Cache-Control"]
