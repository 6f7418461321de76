"""The one table from timeline entries (CaseEvent kind/action) to webhook event types.

A CaseEvent can give several event types: verifying a case is ``case.verified`` and
``case.status_changed``. ``case.status_changed`` comes from every workflow action
that changes the status (never from registering a case: that is ``case.created``).
docs/api.md ("Webhooks") shows the same table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PING = "ping"
STATUS_CHANGED = "case.status_changed"

# Every type a subscription may choose, with what it means (the order is the docs' order).
EVENT_TYPES: dict[str, str] = {
    "case.created": _("A case was registered (any channel)."),
    "case.verified": _("A case was verified."),
    STATUS_CHANGED: _("A workflow action changed the status of a case."),
    "case.escalated": _("A case was escalated to a higher office."),
    "case.delegated": _("A case was delegated to a lower office."),
    "case.taken_over": _("A higher office took a case over."),
    "case.resolved": _("Handling of a case finished with an outcome."),
    "case.closed": _("A case was closed."),
    "case.rejected": _("A report was rejected (not a KSBK case, hoax, duplicate) or merged."),
    "case.reopened": _("A finished or closed case was reopened."),
    "case.updated": _("Details of a case were changed."),
    "case.note_added": _("A note was added to a case."),
}


@dataclass(frozen=True)
class Rule:
    kind: str  # CaseEvent.kind
    action: str | None  # CaseEvent.action; None = any
    type: str


# (CaseEvent kind, action) → event type. Rows are checked in order; every match counts.
RULES: tuple[Rule, ...] = (
    Rule("created", None, "case.created"),
    Rule("transition", "verify", "case.verified"),
    Rule("transition", "escalate", "case.escalated"),
    Rule("transition", "delegate", "case.delegated"),
    Rule("transition", "take_over", "case.taken_over"),
    Rule("transition", "resolve", "case.resolved"),
    Rule("transition", "close", "case.closed"),
    Rule("transition", "reject", "case.rejected"),
    Rule("transition", "merge", "case.rejected"),
    Rule("transition", "reopen", "case.reopened"),
    Rule("updated", None, "case.updated"),
    Rule("note_added", None, "case.note_added"),
)


def event_types_for(*, kind: str, action: str = "", from_status: str = "",
                    to_status: str = "") -> list[str]:
    """The webhook event types one timeline entry gives, in table order (may be none)."""
    types = [r.type for r in RULES if r.kind == kind and r.action in (None, action)]
    if kind == "transition" and from_status and to_status and from_status != to_status:
        types.append(STATUS_CHANGED)
    return list(dict.fromkeys(types))


def choices() -> list[tuple[str, str]]:
    return [(name, f"{name} — {meaning}") for name, meaning in EVENT_TYPES.items()]
