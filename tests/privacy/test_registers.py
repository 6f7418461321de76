"""Data-subject request and breach registers: DPO only, 3×24-hour clocks, validation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from selaras.audit.models import AuditEntry
from selaras.privacy.models import BreachRecord, DataSubjectRequest


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions below use the English source texts (the UI defaults to Indonesian)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db

PAGES = ["privacy-overview", "privacy-request-list", "privacy-request-create",
         "privacy-breach-list", "privacy-breach-create", "privacy-ropa"]


def fmt(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client


@pytest.mark.parametrize("who", [("pusat", "kepala"), ("pusat", "auditor"), ("pusat", "analis"),
                                 ("kanwil", "admin"), ("own", "penangan")])
def test_only_the_dpo_may_open_the_pages(client, make_user, who, dpo):
    request = DataSubjectRequest.objects.create(kind="access", subject_name="X",
                                                description="Y", created_by=dpo)
    breach = BreachRecord.objects.create(description="d", data_affected="a")
    client.force_login(make_user(*who))
    urls = [reverse(name) for name in PAGES] + [
        reverse("privacy-request-detail", args=[request.pk]),
        reverse("privacy-breach-detail", args=[breach.pk])]
    for url in urls:
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("privacy-request-create"),
                           {"kind": "erasure", "subject_name": "A", "description": "B",
                            "received_at": fmt(timezone.now())})
    assert response.status_code == 403
    assert DataSubjectRequest.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("privacy-overview"))
    assert response.status_code == 302 and "next=/privasi/" in response["Location"]


def test_dpo_sees_every_page_and_the_menu_link(dpo_client):
    for name in PAGES:
        assert dpo_client.get(reverse(name)).status_code == 200, name
    assert reverse("privacy-overview") in dpo_client.get(reverse("privacy-ropa")).content.decode()


def test_menu_link_hidden_from_others(client, make_user):
    client.force_login(make_user("pusat", "kepala"))
    page = client.get(reverse("case-list")).content.decode()
    assert reverse("privacy-overview") not in page


def test_request_deadline_is_three_days_after_receipt(dpo_client, dpo):
    received = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=10)
    response = dpo_client.post(reverse("privacy-request-create"), {
        "kind": "erasure", "subject_name": "Siti Aminah", "subject_contact": "0812",
        "description": "Hapus data saya", "case_numbers": "", "received_at": fmt(received)})
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.due_at == received + timedelta(hours=72)
    assert request.handler == dpo and request.status == "received"
    page = dpo_client.get(reverse("privacy-request-list")).content.decode()
    assert "Siti Aminah" in page and "61 h" in page and "left" in page
    entry = AuditEntry.objects.filter(action="privacy_request_created").get()
    assert "Siti" not in str(entry.data)


def test_overdue_request_shows_an_overdue_badge(dpo_client, dpo):
    DataSubjectRequest.objects.create(
        kind="access", subject_name="Lama", description="x", created_by=dpo,
        received_at=timezone.now() - timedelta(hours=80))
    page = dpo_client.get(reverse("privacy-request-list")).content.decode()
    assert "badge--overdue" in page and "Overdue by 8 h" in page


def test_answering_needs_an_outcome_note(dpo_client, dpo):
    request = DataSubjectRequest.objects.create(kind="access", subject_name="A",
                                                description="x", created_by=dpo)
    url = reverse("privacy-request-detail", args=[request.pk])
    response = dpo_client.post(url, {"status": "done", "outcome_note": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "received" and request.answered_at is None
    response = dpo_client.post(url, {"status": "done", "outcome_note": "Salinan dikirim."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "done" and request.answered_at is not None
    assert "Met in time" in dpo_client.get(url).content.decode()


@pytest.mark.parametrize("field,value", [("received_at", "bukan tanggal"),
                                         ("kind", "hack"), ("subject_name", "")])
def test_bad_request_input_is_refused(dpo_client, field, value):
    data = {"kind": "access", "subject_name": "A", "description": "B",
            "received_at": fmt(timezone.now())}
    data[field] = value
    response = dpo_client.post(reverse("privacy-request-create"), data)
    assert response.status_code == 400
    assert not DataSubjectRequest.objects.exists()


def test_future_receipt_is_refused(dpo_client):
    response = dpo_client.post(reverse("privacy-request-create"), {
        "kind": "access", "subject_name": "A", "description": "B",
        "received_at": fmt(timezone.now() + timedelta(days=2))})
    assert response.status_code == 400 and not DataSubjectRequest.objects.exists()


def test_breach_clock_and_notification(dpo_client):
    detected = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=75)
    response = dpo_client.post(reverse("privacy-breach-create"), {
        "detected_at": fmt(detected), "description": "Laptop hilang",
        "data_affected": "Nama dan kontak pelapor", "subjects_count": "12"})
    assert response.status_code == 302
    breach = BreachRecord.objects.get()
    assert breach.notify_due_at == detected + timedelta(hours=72)
    page = dpo_client.get(reverse("privacy-breach-list")).content.decode()
    assert page.count("badge--overdue") == 2  # subjects and authority both late
    url = reverse("privacy-breach-detail", args=[breach.pk])
    notified = fmt(detected + timedelta(hours=70))
    response = dpo_client.post(url, {
        "detected_at": fmt(detected), "description": "Laptop hilang",
        "data_affected": "Nama dan kontak pelapor", "subjects_count": "12",
        "subjects_notified_at": notified, "authority_notified_at": notified,
        "status": "contained", "measures": "Kata sandi diganti"})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.subjects_notified_at is not None and breach.status == "contained"
    page = dpo_client.get(reverse("privacy-breach-list")).content.decode()
    assert "badge--overdue" not in page and page.count("Met in time") == 2
    assert AuditEntry.objects.filter(action="privacy_breach_updated").exists()


def test_notification_before_detection_and_closing_without_measures_refused(dpo_client):
    detected = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=5)
    breach = BreachRecord.objects.create(detected_at=detected, description="d",
                                         data_affected="a")
    url = reverse("privacy-breach-detail", args=[breach.pk])
    base = {"detected_at": fmt(detected), "description": "d", "data_affected": "a"}
    response = dpo_client.post(url, {**base, "status": "open",
                                     "subjects_notified_at": fmt(detected - timedelta(hours=1))})
    assert response.status_code == 400
    response = dpo_client.post(url, {**base, "status": "closed", "measures": ""})
    assert response.status_code == 400
    breach.refresh_from_db()
    assert breach.status == "open" and breach.subjects_notified_at is None
