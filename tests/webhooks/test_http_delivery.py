"""A real HTTP delivery to a local receiver (http.server in a thread) that checks the
signature the way docs/api.md tells integrators to."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from selaras.webhooks.models import Delivery, DeliveryStatus
from selaras.webhooks.signing import SignatureError, verify


class Receiver:
    def __init__(self, secret_holder):
        self.secret_holder = secret_holder
        self.received = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    verify(receiver.secret_holder["secret"],
                           self.headers["X-Selaras-Signature"], body)
                except SignatureError as exc:
                    self.send_response(400)
                    self.end_headers()
                    self.wfile.write(str(exc).encode())
                    return
                receiver.received.append({"headers": dict(self.headers),
                                          "event": json.loads(body)})
                self.send_response(receiver.status)
                if receiver.status in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                self.end_headers()
                self.wfile.write(b"diterima")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def local_targets_allowed(settings):
    # The receiver listens on 127.0.0.1, which the SSRF guard refuses by default.
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def receiver():
    holder = {"secret": ""}
    with Receiver(holder) as running:
        running.secret_holder = holder
        yield running


def test_a_signed_event_reaches_a_real_receiver(make_case, make_user, subscribe, receiver,
                                                committed):
    subscription = subscribe(make_user("own", "kepala"), url=receiver.url)
    receiver.secret_holder["secret"] = subscription.secret
    with committed():
        case = make_case()
    [got] = receiver.received
    assert got["event"]["type"] == "case.created"
    assert got["event"]["data"]["case"]["number"] == case.number
    assert got["headers"]["X-Selaras-Event"] == "case.created"
    assert got["headers"]["User-Agent"] == "Selaras-Webhooks/1"
    assert got["headers"]["Content-Type"].startswith("application/json")
    delivery = Delivery.objects.get()
    assert got["headers"]["X-Selaras-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.last_status_code, delivery.last_response) == (
        DeliveryStatus.SUCCEEDED, 200, "diterima")


def test_a_receiver_with_another_secret_refuses_and_the_delivery_fails(
        make_case, make_user, subscribe, receiver, committed):
    subscribe(make_user("own", "kepala"), url=receiver.url)
    receiver.secret_holder["secret"] = "whsec_salah"
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    assert receiver.received == []
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, 400)
    assert "signature does not match" in delivery.last_response


@pytest.mark.parametrize("status", [500, 302])
def test_an_answer_that_is_not_2xx_fails(make_case, make_user, subscribe, receiver,
                                         committed, status):
    subscription = subscribe(make_user("own", "kepala"), url=receiver.url)
    receiver.secret_holder["secret"] = subscription.secret
    receiver.status = status
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.FAILED, status)
    assert len(receiver.received) == 1  # the redirect was not followed


def test_an_unreachable_receiver_fails_quickly(make_case, make_user, subscribe, committed,
                                               settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_port
    server.server_close()  # nothing listens there any more
    subscribe(make_user("own", "kepala"), url=f"http://127.0.0.1:{port}/webhook")
    with committed():
        make_case()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_status_code is None
    assert delivery.last_response


def test_an_integrator_using_only_the_api_receives_signed_events(make_user, receiver,
                                                                 committed):
    from datetime import timedelta

    from django.utils import timezone

    from tests.api.conftest import ApiClient

    system = make_user("own", "kepala", is_service_account=True)
    api = ApiClient(system)
    created = api.post("/api/v1/webhooks", {"name": "Penerima uji", "url": receiver.url,
                                            "events": ["case.created", "case.verified"]})
    assert created.status_code == 201
    receiver.secret_holder["secret"] = created.json()["secret"]
    with committed():
        ping = api.post(f"/api/v1/webhooks/{created.json()['id']}/ping")
    assert ping.status_code == 202
    with committed():
        case = api.post("/api/v1/cases", {
            "title": "Penolakan pembangunan gereja",
            "chronology": "Sekelompok warga menolak izin pembangunan gereja di RW 05.",
            "category": "rumah_ibadah",
            "occurred_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "location": "3273011001", "alert_level": 1,
        })
    assert case.status_code == 201, case.content
    assert [r["event"]["type"] for r in receiver.received] == ["ping", "case.created"]
    assert receiver.received[1]["event"]["data"]["case"]["number"] == case.json()["number"]
    log = api.get(f"/api/v1/webhooks/{created.json()['id']}/deliveries").json()
    assert [d["status"] for d in log["items"]] == ["succeeded", "succeeded"]
