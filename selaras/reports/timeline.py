"""Timeline entries (CaseEvents) as plain sentences for the printed report.

The workflow and registration events use the same sentences as the case page
(``selaras_ui.event_sentence``); the case-handling events (parties, impact,
actions, tasks, agreements, referrals) get their own here. Sentences name only
what the report already shows: a party by its (possibly masked) label from this
case's party list, never a party looked up from the event data.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from selaras.cases.models import EventKind
from selaras.cases.templatetags.selaras_ui import event_sentence
from selaras.handling.models import ActionType, Agency
from selaras.parties.models import PartyRole


@dataclass
class TimelineEntry:
    when: object
    sentence: str
    reason: str


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "?")


def _day(value) -> str:
    try:
        return formats.date_format(date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return str(value or "?")


def _actor(event) -> str:
    return event.actor.display_name if event.actor_id and event.actor else _("the system")


def handling_sentence(event, party_labels: dict[int, str]) -> str | None:
    """A sentence for a case-handling event, or None if the kind is not one of them."""
    data = event.data or {}
    actor = _actor(event)
    if event.kind == EventKind.PARTY:
        values = {
            "actor": actor,
            "party": party_labels.get(data.get("party_id"), _("a party")),
            "role": _label(PartyRole, data.get("role")),
        }
        if event.action == "unlinked":
            return _("%(actor)s removed %(party)s as %(role)s") % values
        return _("%(actor)s added %(party)s as %(role)s") % values
    if event.kind == EventKind.IMPACT:
        if event.action == "recorded":
            return _("Impact recorded by %(actor)s") % {"actor": actor}
        return _("Impact updated by %(actor)s") % {"actor": actor}
    if event.kind == EventKind.HANDLING_ACTION:
        text = _("%(type)s on %(date)s recorded by %(actor)s") % {
            "type": _label(ActionType, data.get("type")), "date": _day(data.get("date")),
            "actor": actor}
        if data.get("started_handling"):
            text += " — " + _("handling started")
        return text
    if event.kind == EventKind.TASK:
        values = {"actor": actor, "title": data.get("title") or "?"}
        if event.action == "created":
            return _("Task “%(title)s” (due %(due)s) created by %(actor)s") % {
                **values, "due": _day(data.get("due_date"))}
        if event.action == "completed":
            return _("Task “%(title)s” completed by %(actor)s") % values
        if event.action == "cancelled":
            return _("Task “%(title)s” cancelled by %(actor)s") % values
        return _("Task “%(title)s” changed by %(actor)s") % values
    if event.kind == EventKind.AGREEMENT:
        if event.action == "recorded":
            return _("Agreement signed on %(date)s recorded by %(actor)s") % {
                "date": _day(data.get("signed_on")), "actor": actor}
        if event.action == "kept":
            return _("Agreement marked as kept by %(actor)s") % {"actor": actor}
        if event.action == "breached":
            return _("Agreement marked as breached by %(actor)s") % {"actor": actor}
        return _("Agreement changed by %(actor)s") % {"actor": actor}
    if event.kind == EventKind.REFERRAL:
        if event.action == "created":
            return _("Referral to %(agency)s recorded by %(actor)s") % {
                "agency": _label(Agency, data.get("agency")), "actor": actor}
        return _("Referral updated by %(actor)s") % {"actor": actor}
    return evidence_sentence(event, actor, data)


def evidence_sentence(event, actor: str, data: dict) -> str | None:
    """Attachments, registry links, related cases and merges (the event data names no person)."""
    from selaras.evidence.models import AttachmentKind
    from selaras.registry.formats import Registry

    if event.kind == EventKind.ATTACHMENT:
        return _("%(kind)s “%(name)s” attached by %(actor)s (SHA-256 %(sha256)s)") % {
            "kind": _label(AttachmentKind, data.get("kind")), "name": data.get("file_name", "?"),
            "actor": actor, "sha256": data.get("sha256", "?")}
    if event.kind == EventKind.REGISTRY_LINK:
        values = {"registry": _label(Registry, data.get("registry")),
                  "id": data.get("external_id", "?"), "actor": actor}
        if event.action == "removed":
            return _("Link to %(registry)s %(id)s removed by %(actor)s") % values
        return _("Linked to %(registry)s %(id)s by %(actor)s") % values
    if event.kind == EventKind.RELATION:
        if event.action == "merged_into":
            return _("Merged by %(actor)s into case %(number)s as a duplicate") % {
                "actor": actor, "number": data.get("original", "?")}
        if event.action == "merged_from":
            return _("Case %(number)s merged into this case by %(actor)s: %(parties)d "
                     "parties, %(notes)d notes and %(attachments)d attachments moved here") % {
                "actor": actor, "number": data.get("duplicate", "?"),
                "parties": len(data.get("parties") or []), "notes": len(data.get("notes") or []),
                "attachments": len(data.get("attachments") or [])}
        values = {"actor": actor, "number": data.get("other_case", "?")}
        if event.action == "unlinked":
            return _("Link to related case %(number)s removed by %(actor)s") % values
        return _("Linked to related case %(number)s by %(actor)s") % values
    if event.kind == EventKind.PLAYBOOK:
        from selaras.playbooks.timeline import playbook_sentence

        return playbook_sentence(event, actor, data)
    return None


def timeline_entries(events, party_labels: dict[int, str]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        sentence = handling_sentence(event, party_labels) or event_sentence(event)
        entries.append(TimelineEntry(when=event.created_at, sentence=sentence,
                                     reason=event.reason or ""))
    return entries
