"""Fixtures for the webhook tests: subscriptions, a fake HTTP sender, committed blocks."""

import pytest
from django.conf import settings

from selaras.webhooks import delivery as delivery_module
from selaras.webhooks import services

RECEIVER = "https://penerima.example.go.id/selaras/webhook"


class FakeSender:
    """Stands in for ``delivery.post``: records each request and answers as told."""

    def __init__(self):
        self.calls = []
        self.answer = (200, "ok")

    def __call__(self, url, body, headers):
        self.calls.append({"url": url, "body": body, "headers": headers})
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def types(self):
        return [c["headers"]["X-Selaras-Event"] for c in self.calls]


@pytest.fixture
def sender(monkeypatch):
    fake = FakeSender()
    monkeypatch.setattr(delivery_module, "post", fake)
    return fake


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on_commit callbacks (webhook fan-out and sending) of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def subscribe(db):
    def make(owner, events=("case.created",), url=RECEIVER, name="Sistem penerima", **extra):
        return services.create_subscription(actor=owner, name=name, url=url,
                                            events=list(events), **extra)

    return make


@pytest.fixture
def login(client):
    def do(user, language: str = "en"):
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return do
