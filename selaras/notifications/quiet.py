"""Silencing the case notifications and level-3 alerts for one block of code.

Historical records brought in by an import must not notify anyone: a legacy Awas case
from 2019 is not an emergency today, and a thousand "a report arrived" notices help
nobody (the import batch itself is the record). The import wraps its work in
``silenced()``; the places that would queue a notification or an alert after the
commit (``selaras.notifications.hooks``, ``selaras.automation.alerts``) ask
``is_silenced()`` first and queue nothing.

The flag is a context variable: it covers the current thread (or task) only, and
ends with the block even when the block raises. Everything else the services do —
the case, its timeline, the audit row — is written as always.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_silenced: ContextVar[bool] = ContextVar("selaras_notifications_silenced", default=False)


def is_silenced() -> bool:
    return _silenced.get()


@contextmanager
def silenced():
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)
