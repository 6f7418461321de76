"""Issue #3, "done when": a case goes from intake to closure with parties, an action, a
task, an agreement and evidence entirely through the API; the PDF downloads and the
timeline has every step."""

import pytest

from .handling_helpers import JPEG, days_from_today, media_root_fixture, today, upload  # noqa: F401

pytestmark = pytest.mark.usefixtures("media_root")


def test_case_journey_from_intake_to_closure(api_as, make_user, valid_case_body):
    kepala = make_user("own", "kepala")
    penangan = make_user("own", "penangan")
    boss = api_as(kepala)
    handler = api_as(penangan)

    # Intake (level 2 → handled by the Kankemenag 3273) and verification.
    created = handler.post("/api/v1/cases", {**valid_case_body, "alert_level": 2})
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    base = f"/api/v1/cases/{number}"
    assert boss.post(base + "/transitions", {"action": "verify"}).json()["status"] == \
        "terverifikasi"

    # Parties: one registered first, one registered inline while linking.
    party = handler.post("/api/v1/parties", {
        "kind": "kelompok", "name": "Pengurus Musala Al-Ikhlas", "region": "327301"})
    assert party.status_code == 201, party.content
    complainant = party.json()["party"]["id"]
    linked = handler.post(base + "/parties", {"party": complainant, "role": "pengadu"})
    assert linked.status_code == 201, linked.content
    inline = handler.post(base + "/parties", {
        "new_party": {"kind": "kelompok", "name": "Warga RT 03", "region": "3273011001"},
        "role": "teradu", "note": "Menolak renovasi"})
    assert inline.status_code == 201, inline.content
    reported = inline.json()["party"]["id"]
    listed = handler.get(base + "/parties").json()
    assert {p["party"]["id"] for p in listed["items"]} == {complainant, reported}

    # Impact.
    impact = handler.client.put(base + "/impact", '{"injured": 2, "displaced": 5}',
                                content_type="application/json", headers=handler.headers)
    assert impact.status_code == 200, impact.content
    assert impact.json()["injured"] == 2

    # The first handling action moves the case to ditangani.
    action = handler.post(base + "/actions", {
        "type": "mediasi", "date": today(), "outcome": "Kedua pihak sepakat berdialog.",
        "place": "Kantor KUA Sukasari", "participants": [complainant, reported]})
    assert action.status_code == 201, action.content
    assert handler.get(base).json()["status"] == "ditangani"

    # A task, done.
    task = handler.post(base + "/tasks", {"title": "Siapkan draf kesepakatan",
                                          "due_date": days_from_today(3),
                                          "assignee_user": penangan.username})
    assert task.status_code == 201, task.content
    done = handler.post(f"{base}/tasks/{task.json()['id']}/complete", {"note": "Selesai"})
    assert done.status_code == 200 and done.json()["status"] == "done", done.content

    # The agreement and the evidence.
    agreement = handler.post(base + "/agreements", {
        "parties": [complainant, reported], "terms": "Renovasi dilanjutkan setelah dialog.",
        "signed_on": today(), "follow_up_dates": [days_from_today(30)]})
    assert agreement.status_code == 201, agreement.content
    evidence = upload(handler, number, "berita-acara.jpg", JPEG, kind="foto",
                      description="Foto penandatanganan")
    assert evidence.status_code == 201, evidence.content
    sha256 = evidence.json()["sha256"]

    # Resolve (damai), monitor, close — the head's work.
    for body, status in [
        ({"action": "resolve", "outcome": "damai", "reason": "Kesepakatan ditandatangani."},
         "selesai"),
        ({"action": "monitor"}, "pemantauan"),
        ({"action": "close", "reason": "Kesepakatan dipatuhi selama pemantauan."}, "ditutup"),
    ]:
        response = boss.post(base + "/transitions", body)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status

    # The agreement is found kept at the follow-up (allowed on a closed case).
    kept = boss.post(f"{base}/agreements/{agreement.json()['id']}/kept",
                     {"note": "Dipatuhi"})
    assert kept.status_code == 200, kept.content

    # The PDF.
    pdf = boss.get(base + "/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "no-store" in pdf["Cache-Control"]
    assert pdf.content.startswith(b"%PDF")

    # The timeline has every step.
    events = boss.get(base + "/events").json()["items"]
    steps = [(e["kind"], e["action"] or e["to_status"]) for e in events]
    for expected in [
        ("created", "dilaporkan"), ("transition", "verify"), ("party", "linked"),
        ("impact", "recorded"), ("transition", "start"), ("handling_action", "recorded"),
        ("task", "created"), ("task", "completed"), ("agreement", "recorded"),
        ("attachment", "added"), ("transition", "resolve"), ("transition", "monitor"),
        ("transition", "close"), ("agreement", "kept"),
    ]:
        assert expected in steps, (expected, steps)
    assert steps.count(("party", "linked")) == 2
    assert any(e["data"].get("sha256") == sha256 for e in events)
    # The order is the order things happened.
    assert steps.index(("transition", "start")) < steps.index(("handling_action", "recorded"))
    assert steps.index(("transition", "close")) < steps.index(("agreement", "kept"))
