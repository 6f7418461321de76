"""Helpers for the integration tests: a JSON API client with a bearer token."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from selaras.accounts.models import ApiToken

VILLAGE_IN_CHILD = "3273011001"  # Sukarasa, Kec. Sukasari, Kota Bandung (tests/conftest.py)


class Api:
    def __init__(self, user=None, *, token: str | None = None, scope: str = "write"):
        self.client = Client()
        self.headers = {}
        if user is not None and token is None:
            # write by default: most tests change data (read tokens: tests/accounts)
            _token, token = ApiToken.issue(user, scope=scope)
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        self.token = token

    def get(self, path, **headers):
        return self.client.get(path, headers={**self.headers, **headers})

    def send(self, method, path, body=None, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body or {})
        return getattr(self.client, method)(
            path, data, content_type="application/json", headers={**self.headers, **headers})

    def post(self, path, body=None, **headers):
        return self.send("post", path, body, **headers)

    def patch(self, path, body=None, **headers):
        return self.send("patch", path, body, **headers)


@pytest.fixture
def api_as(db):
    return Api


@pytest.fixture
def case_body():
    return {
        "title": "Penolakan pembangunan gereja",
        "chronology": "Sekelompok warga menolak izin pembangunan gereja di RW 05.",
        "category": "rumah_ibadah",
        "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "location": VILLAGE_IN_CHILD,
        "alert_level": 1,
    }
