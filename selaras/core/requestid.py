"""A request id for every request: in the response, in every log line, in the audit trail.

``RequestIdMiddleware`` (first in MIDDLEWARE) takes the id a proxy sent in
``X-Request-ID`` when it looks like one (letters, digits, ``-_.:``, ≤ 64 chars — nginx's
``$request_id`` does), else makes a new one; it is answered in ``X-Request-ID`` and
kept in a context variable for the duration of the request, so:

* ``RequestIdFilter`` puts it on every log record (``%(request_id)s``; the JSON log
  format shows it as ``request_id``);
* ``selaras.audit.services.append`` stores it with every audit row, so an auditor can
  go from an audit entry to the log lines of the request that wrote it.

Outside a request (worker, scheduler, management commands) the id is ``-``.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_current: ContextVar[str] = ContextVar("selaras_request_id", default="-")


def current() -> str:
    """The id of the request being served, or ``-`` outside a request."""
    return _current.get()


def _accept(value: str | None) -> str:
    if value and _VALID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _accept(request.headers.get(HEADER))
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (always passes the record on)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current()
        return True
