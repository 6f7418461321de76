"""Test doubles for outside channels."""

from django.core.mail.backends.base import BaseEmailBackend


class BrokenEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


class RecordingGateway:
    """A WhatsApp/SMS gateway that remembers what it was asked to send."""

    sent: list = []

    def send(self, *, phone, message, channel):
        self.sent.append((phone, message, channel))


class BrokenGateway:
    """A gateway that is down."""

    calls = 0

    def send(self, *, phone, message, channel):
        type(self).calls += 1
        raise ConnectionError("gateway down")
