"""WhatsApp/SMS gateways: the HTTP gateway posts the configured body and headers to the
configured URL (a local test server here, never an outside host); errors become GatewayError."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from selaras.notifications.gateways import (
    ConsoleGateway,
    GatewayError,
    HttpGateway,
    get_gateway,
    render_body,
)


class _Recorder(BaseHTTPRequestHandler):
    status = 200

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        self.server.received.append({
            "path": self.path,
            "headers": dict(self.headers),
            "body": self.rfile.read(length).decode("utf-8"),
        })
        self.send_response(self.server.answer)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway_server():
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    server.received = []
    server.answer = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}/send"
    yield server
    server.shutdown()
    server.server_close()


def test_http_gateway_posts_the_templated_json_body(gateway_server):
    gateway = HttpGateway(
        url=gateway_server.url,
        headers={"Authorization": "Bearer rahasia"},
        body_template='{"target": "{phone}", "text": "{message}", "type": "{channel}"}',
    )
    gateway.send(phone="+6281200001111", message='Kasus "baru"\nsegera', channel="whatsapp")
    [request] = gateway_server.received
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == "Bearer rahasia"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {
        "target": "+6281200001111", "text": 'Kasus "baru"\nsegera', "type": "whatsapp"}


def test_settings_configure_the_gateway(gateway_server, settings):
    settings.NOTIFY_GATEWAY_BACKEND = "selaras.notifications.gateways.HttpGateway"
    settings.NOTIFY_GATEWAY_URL = gateway_server.url
    settings.NOTIFY_GATEWAY_HEADERS = {"X-Api-Key": "k"}
    settings.NOTIFY_GATEWAY_BODY_TEMPLATE = "to={phone}&msg={message}"
    get_gateway().send(phone="0812", message="halo", channel="sms")
    [request] = gateway_server.received
    assert request["body"] == "to=0812&msg=halo"
    assert request["headers"]["X-Api-Key"] == "k"


def test_a_non_2xx_answer_is_a_gateway_error(gateway_server):
    gateway_server.answer = 503
    with pytest.raises(GatewayError, match="503"):
        HttpGateway(url=gateway_server.url).send(phone="0812", message="x", channel="sms")


def test_an_unreachable_gateway_is_a_gateway_error(gateway_server):
    url = gateway_server.url
    gateway_server.shutdown()
    gateway_server.server_close()
    with pytest.raises(GatewayError):
        HttpGateway(url=url, timeout=2).send(phone="0812", message="x", channel="sms")


def test_placeholders_in_the_message_are_not_expanded_again():
    body = render_body('{"m": "{message}", "p": "{phone}"}', phone="1", message="{phone}",
                       channel="sms")
    assert json.loads(body) == {"m": "{phone}", "p": "1"}


def test_console_gateway_logs(caplog):
    with caplog.at_level("INFO", logger="selaras.notifications.gateways"):
        ConsoleGateway().send(phone="0812", message="uji", channel="sms")
    assert "uji" in caplog.text and "0812" in caplog.text


def test_missing_url_is_refused(settings):
    settings.NOTIFY_GATEWAY_URL = ""
    with pytest.raises(GatewayError):
        HttpGateway()
