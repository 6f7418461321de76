"""Idempotency-Key on POSTs under /api/v1/."""

from datetime import timedelta

from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, Note
from selaras.integration.idempotency import purge_expired
from selaras.integration.models import IdempotencyRecord

KEY = {"Idempotency-Key": "6f1c2a1e-0b7e-4c51-9a3c-2b7f5f0e9d11"}


def test_a_retry_replays_the_first_answer_without_running_again(api_as, make_user, case_body):
    api = api_as(make_user("own", "penangan"))
    first = api.post("/api/v1/cases", case_body, **KEY)
    assert first.status_code == 201, first.content
    second = api.post("/api/v1/cases", case_body, **KEY)
    assert second.status_code == 201
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(kind="created").count() == 1


def test_without_the_header_each_post_runs(api_as, make_user, case_body):
    api = api_as(make_user("own", "penangan"))
    api.post("/api/v1/cases", case_body)
    api.post("/api/v1/cases", case_body)
    assert Case.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


def test_same_key_with_another_body_is_422(api_as, make_user, case_body):
    api = api_as(make_user("own", "penangan"))
    assert api.post("/api/v1/cases", case_body, **KEY).status_code == 201
    other = api.post("/api/v1/cases", {**case_body, "title": "Lain"}, **KEY,
                     **{"Accept-Language": "en"})
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert Case.objects.count() == 1


def test_same_key_on_another_path_is_422(api_as, make_user, make_case):
    case = make_case()
    api = api_as(make_user("own", "penangan"))
    body = {"body": "catatan"}
    assert api.post(f"/api/v1/cases/{case.number}/notes", body, **KEY).status_code == 201
    assert api.post("/api/v1/cases", body, **KEY).status_code == 422
    assert Note.objects.count() == 1


def test_keys_are_per_user(api_as, make_user, case_body):
    one = api_as(make_user("own", "penangan"))
    two = api_as(make_user("own", "penangan"))
    assert one.post("/api/v1/cases", case_body, **KEY).status_code == 201
    answer = two.post("/api/v1/cases", case_body, **KEY)
    assert answer.status_code == 201
    assert not answer.has_header("Idempotent-Replayed")
    assert Case.objects.count() == 2


def test_a_refusal_is_replayed_too(api_as, make_user, make_case):
    """A 4xx answer is the answer to that request: the retry gets it again."""
    case = make_case()
    api = api_as(make_user("own", "analis"))
    first = api.post(f"/api/v1/cases/{case.number}/notes", {"body": "x"}, **KEY)
    assert first.status_code == 403
    second = api.post(f"/api/v1/cases/{case.number}/notes", {"body": "x"}, **KEY)
    assert second.status_code == 403 and second["Idempotent-Replayed"] == "true"


def test_a_request_still_in_progress_is_409(api_as, make_user, case_body):
    user = make_user("own", "penangan")
    api = api_as(user)
    import hashlib
    import json

    IdempotencyRecord.objects.create(
        user=user, key=KEY["Idempotency-Key"], method="POST", path="/api/v1/cases",
        request_hash=hashlib.sha256(json.dumps(case_body).encode()).hexdigest())
    response = api.post("/api/v1/cases", case_body, **KEY, **{"Accept-Language": "en"})
    assert response.status_code == 409
    assert "still in progress" in response.json()["detail"]
    assert response["Retry-After"]
    assert not Case.objects.exists()


def test_an_abandoned_in_progress_record_is_taken_over(api_as, make_user, case_body, settings):
    user = make_user("own", "penangan")
    record = IdempotencyRecord.objects.create(
        user=user, key=KEY["Idempotency-Key"], method="POST", path="/api/v1/cases",
        request_hash="0" * 64)
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_LOCK_SECONDS + 5))
    assert api_as(user).post("/api/v1/cases", case_body, **KEY).status_code == 201


def test_server_errors_are_not_stored(api_as, make_user, case_body, monkeypatch):
    from selaras.cases import services

    def boom(**kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(services, "create_case", boom)
    api = api_as(make_user("own", "penangan"))
    assert api.post("/api/v1/cases", case_body, **KEY).status_code == 500
    assert not IdempotencyRecord.objects.exists()
    monkeypatch.undo()
    assert api.post("/api/v1/cases", case_body, **KEY).status_code == 201


def test_keys_older_than_the_ttl_are_purged(make_user, settings):
    settings.IDEMPOTENCY_TTL_HOURS = 48
    user = make_user("own", "penangan")
    old = IdempotencyRecord.objects.create(user=user, key="old", method="POST",
                                           path="/api/v1/cases", request_hash="0" * 64)
    young = IdempotencyRecord.objects.create(user=user, key="young", method="POST",
                                             path="/api/v1/cases", request_hash="0" * 64)
    now = timezone.now()
    IdempotencyRecord.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=49))
    IdempotencyRecord.objects.filter(pk=young.pk).update(created_at=now - timedelta(hours=25))
    assert purge_expired(now) == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]


def test_the_ttl_is_never_below_24_hours(make_user, settings):
    settings.IDEMPOTENCY_TTL_HOURS = 1
    user = make_user("own", "penangan")
    record = IdempotencyRecord.objects.create(user=user, key="k", method="POST",
                                              path="/api/v1/cases", request_hash="0" * 64)
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(hours=23))
    assert purge_expired() == 0


def test_the_purge_is_a_periodic_job():
    from selaras.automation.scheduler import discover

    assert "purge_idempotency_keys" in discover()


def test_a_bad_key_is_400(api_as, make_user, case_body):
    api = api_as(make_user("own", "penangan"))
    response = api.post("/api/v1/cases", case_body, **{"Idempotency-Key": "x" * 300})
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_unauthenticated_post_with_a_key_is_401_and_stores_nothing(api_as, case_body):
    response = api_as(None).post("/api/v1/cases", case_body, **KEY)
    assert response.status_code == 401
    assert not IdempotencyRecord.objects.exists()
