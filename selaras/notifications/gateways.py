"""WhatsApp/SMS gateways: a pluggable backend chosen by ``NOTIFY_GATEWAY_BACKEND``.

* ``ConsoleGateway`` (default, development): logs the message, sends nothing.
* ``HttpGateway``: POSTs to any HTTP API of a WhatsApp/SMS provider. URL, headers and
  the body are configured by environment variables (see docs/operations.md):
  ``NOTIFY_GATEWAY_URL``, ``NOTIFY_GATEWAY_HEADERS`` (a JSON object) and
  ``NOTIFY_GATEWAY_BODY_TEMPLATE`` (text in which ``{phone}``, ``{message}`` and
  ``{channel}`` are replaced; values are JSON-escaped when the template is JSON).

A gateway raises ``GatewayError`` when the message was not accepted; the delivery
is then retried with back-off.
"""

import json
import logging
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BODY_TEMPLATE = '{"to": "{phone}", "channel": "{channel}", "message": "{message}"}'
PLACEHOLDER = re.compile(r"\{(phone|message|channel)\}")


class GatewayError(Exception):
    pass


class BaseGateway:
    def send(self, *, phone: str, message: str, channel: str) -> None:
        raise NotImplementedError


class ConsoleGateway(BaseGateway):
    """Development: the message goes to the log."""

    def send(self, *, phone: str, message: str, channel: str) -> None:
        logger.info("[%s to %s] %s", channel, phone, message)


def render_body(template: str, *, phone: str, message: str, channel: str) -> str:
    """Replace ``{phone}``, ``{message}`` and ``{channel}`` in the template (nothing else).

    In a JSON template (one starting with ``{`` or ``[``) the values are JSON-escaped, so a
    message with quotes or new lines still makes valid JSON.
    """
    values = {"phone": phone, "message": message, "channel": channel}
    if _looks_like_json(template):
        values = {key: json.dumps(value)[1:-1] for key, value in values.items()}
    # One pass, so a placeholder inside a message is never expanded again.
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _looks_like_json(template: str) -> bool:
    return template.lstrip()[:1] in ("{", "[")


class HttpGateway(BaseGateway):
    """Generic HTTP POST; a non-2xx answer or a network error is a failed attempt."""

    def __init__(self, *, url: str | None = None, headers: dict | None = None,
                 body_template: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.NOTIFY_GATEWAY_URL
        self.headers = headers if headers is not None else settings.NOTIFY_GATEWAY_HEADERS
        self.body_template = (body_template if body_template is not None
                              else settings.NOTIFY_GATEWAY_BODY_TEMPLATE) or DEFAULT_BODY_TEMPLATE
        self.timeout = timeout if timeout is not None else settings.NOTIFY_GATEWAY_TIMEOUT
        if not self.url:
            raise GatewayError("NOTIFY_GATEWAY_URL is not set")

    def send(self, *, phone: str, message: str, channel: str) -> None:
        body = render_body(self.body_template, phone=phone, message=message, channel=channel)
        headers = {"Content-Type": "application/json" if _looks_like_json(self.body_template)
                   else "text/plain; charset=utf-8"}
        headers.update(self.headers or {})
        request = urllib.request.Request(
            self.url, data=body.encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise GatewayError(f"Gateway answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GatewayError(f"Gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise GatewayError(f"Gateway answered HTTP {status}")


def get_gateway() -> BaseGateway:
    backend = getattr(settings, "NOTIFY_GATEWAY_BACKEND",
                      "selaras.notifications.gateways.ConsoleGateway")
    return import_string(backend)()
