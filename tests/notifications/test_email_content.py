"""Emails are rendered from templates/notifications/email/ in Indonesian, whatever language
the request that caused them was in, with a link back to Selaras and to the settings."""

from datetime import datetime

import time_machine
from django.core import mail
from django.utils import timezone, translation

from selaras.notifications.services import notify

MORNING = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_current_timezone())


def test_case_assigned_email_is_in_indonesian(make_user, make_case, committed, settings):
    settings.SITE_URL = "https://selaras.kemenag.test"
    head = make_user("own", "kepala", email="kepala@example.test")
    head.full_name = "Ahmad Fauzi"
    head.save()
    with translation.override("en"), committed():
        case = make_case(alert_level=2, title="Penolakan pembangunan gereja")
    [message] = mail.outbox
    assert message.to == ["kepala@example.test"]
    assert message.subject == f"[Selaras] Kasus {case.number}: Penolakan pembangunan gereja"
    body = message.body
    assert "Yth. Ahmad Fauzi," in body
    assert "Laporan baru diteruskan ke kantor Anda." in body
    assert "Tingkat kewaspadaan:" in body and "Kategori:" in body
    assert f"Buka di Selaras: https://selaras.kemenag.test/kasus/{case.number}/" in body
    assert "https://selaras.kemenag.test/notifikasi/pengaturan/" in body
    assert "Dear" not in body and "Open it" not in body
    assert head.notifications.get().subject.startswith("Kasus ")


def test_digest_text_is_in_indonesian(make_user, make_case, committed):
    from selaras.notifications.jobs import send_daily_digests

    head = make_user("own", "kepala", email="kepala@example.test")
    with time_machine.travel(MORNING, tick=False):
        make_case(alert_level=2)
        mail.outbox.clear()
        with translation.override("en"), committed():
            send_daily_digests()
    digest = head.notifications.get(kind="digest")
    assert digest.subject.startswith("Yang menunggu Anda hari ini")
    assert "kasus terbuka menunggu Anda" in digest.body
    assert [m.subject for m in mail.outbox] == [f"[Selaras] {digest.subject}"]


def test_whatsapp_text_is_short_with_the_link(make_user, committed, settings):
    from tests.notifications.backends import RecordingGateway

    settings.NOTIFY_GATEWAY_BACKEND = "tests.notifications.backends.RecordingGateway"
    settings.SITE_URL = "https://selaras.kemenag.test"
    RecordingGateway.sent.clear()
    user = make_user("own", "kepala", phone="0812")
    with committed():
        notify(recipients=[user], kind="case_level3", subject="Kasus KSBK-1: Awas",
               body="panjang " * 500, dedupe_key="l3", url="/kasus/KSBK-1/")
    [(_phone, text, channel)] = RecordingGateway.sent
    assert text == "Selaras: Kasus KSBK-1: Awas https://selaras.kemenag.test/kasus/KSBK-1/"
    assert channel == "whatsapp"
