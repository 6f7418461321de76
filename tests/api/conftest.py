"""API test helpers: a client that speaks JSON with a bearer token."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from selaras.accounts.models import ApiToken

VILLAGE_IN_CHILD = "3273011001"  # Sukarasa, Kec. Sukasari, Kota Bandung (see tests/conftest.py)


class ApiClient:
    def __init__(self, user=None, *, token: str | None = None, language: str | None = None,
                 scope: str = "write"):
        self.client = Client()
        self.headers = {}
        if user is not None and token is None:
            # write by default: most tests change data (read tokens: tests/accounts)
            _token, token = ApiToken.issue(user, scope=scope)
        if token is not None:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def get(self, path, params=None, **headers):
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def _send(self, method, path, body, content_type, headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            path, data, content_type=content_type, headers={**self.headers, **headers}
        )

    def post(self, path, body=None, content_type="application/json", **headers):
        return self._send("post", path, {} if body is None else body, content_type, headers)

    def patch(self, path, body=None, content_type="application/json", **headers):
        return self._send("patch", path, {} if body is None else body, content_type, headers)


@pytest.fixture
def api_as(db):
    def make(user=None, **kwargs) -> ApiClient:
        return ApiClient(user, **kwargs)

    return make


@pytest.fixture
def valid_case_body():
    return {
        "title": "Penolakan pembangunan gereja",
        "chronology": "Sekelompok warga menolak izin pembangunan gereja di RW 05.",
        "category": "rumah_ibadah",
        "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(),
        "location": VILLAGE_IN_CHILD,
        "alert_level": 1,
    }


