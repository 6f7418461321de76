"""In training mode nothing leaves the server: no email, no WhatsApp/SMS; the in-app
notification still appears (so trainees see it)."""

import pytest
from django.core import mail

from selaras.notifications.models import Delivery, Notification
from selaras.notifications.services import notify
from tests.notifications.backends import RecordingGateway


@pytest.fixture
def recording_gateway(settings):
    settings.NOTIFY_GATEWAY_BACKEND = "tests.notifications.backends.RecordingGateway"
    RecordingGateway.sent = []
    return RecordingGateway


def _alert(user, committed):
    with committed(execute=True):
        notify(recipients=[user], kind="case_level3", subject="Awas", body="Isi",
               dedupe_key="training-test")


def test_training_mode_sends_no_email_and_no_whatsapp(
    make_user, settings, recording_gateway, django_capture_on_commit_callbacks
):
    settings.TRAINING_MODE = True
    user = make_user("own", "kepala", email="kepala@example.test", phone="0812-0000-1111")
    _alert(user, django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(notification__user=user).count() == 2  # email + whatsapp
    assert mail.outbox == []
    assert recording_gateway.sent == []
    assert Notification.objects.filter(user=user, subject="Awas").exists()


def test_outside_training_mode_the_same_alert_is_sent(
    make_user, settings, recording_gateway, django_capture_on_commit_callbacks
):
    settings.TRAINING_MODE = False
    user = make_user("own", "kepala", email="kepala@example.test", phone="0812-0000-1111")
    _alert(user, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert len(recording_gateway.sent) == 1


def test_training_mode_env_forces_console_mail_and_gateway():
    """TRAINING_MODE=true in the environment wins over real channels set in the environment."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, TRAINING_MODE="true",
               EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
               NOTIFY_GATEWAY_BACKEND="selaras.notifications.gateways.HttpGateway",
               DJANGO_SETTINGS_MODULE="selaras.settings")
    code = ("from django.conf import settings as s; "
            "print(s.TRAINING_MODE, s.MAILERS['default']['BACKEND'], s.NOTIFY_GATEWAY_BACKEND)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True", "django.core.mail.backends.console.EmailBackend",
                   "selaras.notifications.gateways.ConsoleGateway"]
