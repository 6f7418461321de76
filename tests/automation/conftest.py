from datetime import timedelta

import pytest
from django.utils import timezone

from selaras.automation import notify as notify_adapter
from selaras.automation.rules import check_deadlines
from selaras.cases.models import CaseEvent, EventKind

H = timedelta(hours=1)


@pytest.fixture
def sent(monkeypatch):
    """Every notification handed to the notifications app (through the adapter)."""
    calls: list[dict] = []

    def fake_notify(**kwargs):
        calls.append(kwargs)

    monkeypatch.setattr(notify_adapter, "_service", lambda: fake_notify)
    return calls


@pytest.fixture
def failing_notify(monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(notify_adapter, "_service", lambda: broken)


@pytest.fixture
def clock(time_machine):
    """Move the clock: ``clock.after(case.due_at, hours=1)``."""

    class Clock:
        def at(self, when):
            time_machine.move_to(when, tick=False)
            return when

        def after(self, when, **delta):
            return self.at(when + timedelta(**delta))

    time_machine.move_to(timezone.now(), tick=False)
    return Clock()


@pytest.fixture
def run_pass():
    def run():
        return check_deadlines()

    return run


def automation_events(case, action=None):
    events = CaseEvent.objects.filter(case=case, kind=EventKind.AUTOMATION)
    if action:
        events = events.filter(action=action)
    return list(events)


ROUTE_TO = {
    "dilaporkan": [],
    "terverifikasi": ["verify"],
    "ditangani": ["verify", "start"],
    "selesai": ["verify", "start", "resolve"],
    "ditutup": ["verify", "start", "resolve", "close"],
    "ditolak": ["reject"],
}
EXTRA_ARGS = {"resolve": {"outcome": "damai"}, "reject": {"reject_reason": "bukan_ksbk"}}


@pytest.fixture
def advance():
    from selaras.cases import services

    def go(case, status: str, actor):
        for action in ROUTE_TO[status]:
            case = services.perform_transition(
                actor=actor, case=case, action=action, reason=f"alasan {action}",
                **EXTRA_ARGS.get(action, {}))
        assert case.status == status
        return case

    return go
