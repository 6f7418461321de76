"""SSRF guard: webhooks go to public addresses only, checked on subscribing and again at
every delivery (also the address actually connected to), unless
WEBHOOK_ALLOW_PRIVATE_TARGETS is set."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from selaras.core.errors import ValidationError
from selaras.webhooks import addresses, delivery
from selaras.webhooks.models import Delivery, DeliveryStatus, Subscription

PUBLIC = "93.184.215.14"  # a global unicast address


def fake_dns(monkeypatch, answer):
    def getaddrinfo(host, port, *args, **kwargs):
        ip = answer(host) if callable(answer) else answer
        family = socket.AF_INET6 if ":" in ip else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (ip, port))]
    monkeypatch.setattr(addresses.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.5", "192.168.1.1", "169.254.169.254", "0.0.0.0",
    "224.0.0.1", "240.0.0.1", "100.64.0.1", "::1", "fe80::1", "fc00::1", "ff02::1",
    "::ffff:127.0.0.1", "2002:7f00:1::1",
])
def test_non_public_addresses_are_blocked(address):
    assert addresses.is_blocked_ip(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert not addresses.is_blocked_ip(address)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/hook", "http://[::1]/hook", "http://169.254.169.254/latest/",
    "http://localhost/hook", "https://api.localhost/hook", "http://10.0.0.7/hook",
    "http://2130706433/hook",  # 127.0.0.1 as one number: resolved, then refused
])
def test_subscribing_to_a_private_target_is_422_and_creates_nothing(make_user, subscribe, url):
    owner = make_user("own", "kepala")
    with pytest.raises(ValidationError) as caught:
        subscribe(owner, url=url)
    assert "url" in caught.value.message_dict
    assert not Subscription.objects.exists()


def test_a_name_that_resolves_to_a_private_address_is_refused(make_user, subscribe,
                                                              monkeypatch):
    fake_dns(monkeypatch, "10.20.30.40")
    with pytest.raises(ValidationError) as caught:
        subscribe(make_user("own", "kepala"), url="https://intranet.example.go.id/hook")
    assert "10.20.30.40" in str(caught.value.message_dict["url"])


def test_a_name_that_resolves_to_a_public_address_is_accepted(make_user, subscribe,
                                                              monkeypatch):
    fake_dns(monkeypatch, PUBLIC)
    assert subscribe(make_user("own", "kepala"), url="https://penerima.example.go.id/h").pk


def test_the_api_refuses_a_private_target_with_422(make_user):
    from tests.api.conftest import ApiClient

    api = ApiClient(make_user("own", "kepala"))
    answer = api.post("/api/v1/webhooks", {"name": "Metadata", "events": ["case.created"],
                                           "url": "http://169.254.169.254/latest/meta-data"})
    assert answer.status_code == 422
    assert "url" in answer.json()["errors"]
    assert not Subscription.objects.exists()


def test_changing_the_url_to_a_private_target_is_refused(make_user, subscribe):
    from selaras.webhooks import services

    owner = make_user("own", "kepala")
    subscription = subscribe(owner)
    with pytest.raises(ValidationError):
        services.update_subscription(actor=owner, subscription=subscription,
                                     changes={"url": "http://127.0.0.1:5432/"})
    subscription.refresh_from_db()
    assert subscription.url != "http://127.0.0.1:5432/"


def test_the_setting_allows_private_targets(make_user, subscribe, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert subscribe(make_user("own", "kepala"), url="http://127.0.0.1:9/hook").pk


def test_a_name_that_turns_private_after_subscribing_is_not_sent_to(
        make_user, subscribe, make_case, sender, committed, monkeypatch):
    fake_dns(monkeypatch, PUBLIC)
    subscribe(make_user("own", "kepala"), url="https://berubah.example.go.id/hook")
    fake_dns(monkeypatch, "127.0.0.1")  # DNS rebinding
    with committed():
        make_case()
    attempt = Delivery.objects.get()
    assert sender.calls == []
    assert attempt.status == DeliveryStatus.FAILED
    assert "127.0.0.1" in attempt.last_response


@pytest.fixture
def local_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, hits
    server.shutdown()
    server.server_close()


def test_the_connected_address_is_checked_before_anything_is_sent(local_server, monkeypatch):
    # The name checked as public, but the connection lands on loopback (rebinding between
    # the check and the connect): the guarded connection refuses before sending.
    port, hits = local_server
    for name in ("getproxies_environment", "getproxies"):
        monkeypatch.setattr(addresses.urllib.request, name, lambda: {}, raising=False)
    with pytest.raises(OSError, match="not a public address"):
        delivery.post(f"http://127.0.0.1:{port}/hook", b"{}", {})
    assert hits == []


def test_with_the_setting_a_local_receiver_gets_the_post(local_server, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    port, hits = local_server
    assert delivery.post(f"http://127.0.0.1:{port}/hook", b"{}", {})[0] == 200
    assert hits == ["/hook"]
