"""Health probes: /healthz says the process is up, /readyz that the database answers."""

import pytest
from django.db import OperationalError, connection


def test_healthz_is_json_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_needs_no_database(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_json_ok_with_a_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_json_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "unreachable"}
    assert "could not connect" not in response.content.decode()  # no internals leak


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_only_get(client, path):
    assert client.post(path).status_code == 405
