"""The pages under /integrasi/webhooks/: list, create (secret once), detail with the
delivery log and a Replay button, edit, disable, delete; others' subscriptions are 404."""

import pytest
from django.test import Client

from selaras.webhooks.models import Delivery, Subscription

from .conftest import RECEIVER


@pytest.fixture
def owner(make_user):
    return make_user("own", "kepala")


def test_create_shows_the_secret_once(login, owner):
    client = login(owner)
    assert client.get("/integrasi/webhooks/baru/").status_code == 200
    response = client.post("/integrasi/webhooks/baru/", {
        "name": "Si-Rukun", "url": RECEIVER, "events": ["case.created", "case.escalated"],
        "active": "on"})
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert subscription.events == ["case.created", "case.escalated"]
    detail = client.get(f"/integrasi/webhooks/{subscription.pk}/")
    assert subscription.secret not in detail.content.decode()
    listing = client.get("/integrasi/webhooks/").content.decode()
    assert "Si-Rukun" in listing and subscription.secret not in listing


def test_a_bad_url_or_no_event_shows_errors_and_keeps_the_input(login, owner):
    response = login(owner).post("/integrasi/webhooks/baru/", {
        "name": "Si-Rukun", "url": "ftp://server/hook", "events": []})
    assert response.status_code == 400
    page = response.content.decode()
    assert "https://" in page and "Choose at least one event type." in page
    assert "ftp://server/hook" in page
    assert not Subscription.objects.exists()


def test_the_detail_page_lists_deliveries_with_a_replay_button(login, owner, subscribe,
                                                               make_case, sender, committed):
    subscription = subscribe(owner)
    sender.answer = (502, "Bad Gateway")
    with committed():
        case = make_case()
    delivery = Delivery.objects.get()
    page = login(owner).get(f"/integrasi/webhooks/{subscription.pk}/").content.decode()
    assert case.number in page and "HTTP 502" in page and "Failed, will retry" in page
    assert f"/integrasi/webhooks/{subscription.pk}/pengiriman/{delivery.pk}/ulang/" in page
    assert "csrfmiddlewaretoken" in page


def test_replay_needs_csrf_and_queues_a_fresh_delivery(owner, subscribe, make_case, sender,
                                                      committed):
    subscription = subscribe(owner)
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    url = f"/integrasi/webhooks/{subscription.pk}/pengiriman/{delivery.pk}/ulang/"
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    assert strict.post(url).status_code == 403
    assert Delivery.objects.count() == 1
    page = strict.get(f"/integrasi/webhooks/{subscription.pk}/")
    token = page.context["csrf_token"]
    with committed():
        response = strict.post(url, {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    fresh = Delivery.objects.exclude(pk=delivery.pk).get()
    assert fresh.replay_of == delivery and fresh.status == "succeeded"
    assert len(sender.calls) == 2


def test_edit_disable_and_delete(login, owner, subscribe):
    subscription = subscribe(owner)
    client = login(owner)
    base = f"/integrasi/webhooks/{subscription.pk}/"
    response = client.post(base + "ubah/", {"name": "Baru", "url": "https://baru.example/h",
                                            "events": ["case.closed"], "active": "on"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.name, subscription.url, subscription.events) == (
        "Baru", "https://baru.example/h", ["case.closed"])
    client.post(base + "aktif/")
    subscription.refresh_from_db()
    assert subscription.active is False
    assert "This subscription is disabled" in client.get(base).content.decode()
    old = subscription.secret
    rotated = client.post(base + "rahasia/").content.decode()
    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.secret in rotated
    assert client.get(base + "hapus/").status_code == 200
    assert client.post(base + "hapus/").status_code == 302
    assert not Subscription.objects.exists()


def test_someone_elses_subscription_is_404_on_every_page(login, make_user, subscribe, owner):
    subscription = subscribe(owner)
    client = login(make_user("own", "penangan"))
    base = f"/integrasi/webhooks/{subscription.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "ubah/").status_code == 404
    assert client.post(base + "aktif/").status_code == 404
    assert client.post(base + "hapus/").status_code == 404
    assert owner.username not in client.get("/integrasi/webhooks/").content.decode()
    subscription.refresh_from_db()
    assert subscription.active is True


def test_a_user_without_case_access_gets_403(login, django_user_model):
    nobody = django_user_model.objects.create_user(username="tanpa_kantor", password="x" * 20)
    assert login(nobody).get("/integrasi/webhooks/").status_code == 403


def test_pages_are_in_indonesian_by_default(login, owner):
    page = login(owner, language="").get("/integrasi/webhooks/").content.decode()
    assert '<html lang="id"' in page


def test_the_menu_shows_webhooks_to_admins_only(login, make_user, subscribe):
    # Everyone else would see one more menu item they rarely need (and one more query
    # on every page); owners reach the pages from the docs and the disabled notice.
    link = 'href="/integrasi/webhooks/"'
    plain = make_user("own", "penangan")
    subscribe(plain)
    assert link not in login(plain).get("/notifikasi/").content.decode()
    assert link in login(make_user("pusat", "admin")).get("/notifikasi/").content.decode()
