"""Timeline sentences for ``playbook`` CaseEvents (case page and printed report)."""

from django.utils.translation import gettext as _


def playbook_sentence(event, actor: str, data: dict) -> str:
    values = {"actor": actor, "title": data.get("title") or "?",
              "version": data.get("version") or "?", "position": data.get("position") or "?"}
    if event.action == "attached":
        if data.get("how") == "automatic":
            return _("Playbook “%(title)s” (version %(version)s) attached on verification, "
                     "%(steps)s steps") % {**values, "steps": data.get("steps", "?")}
        return _("Playbook “%(title)s” (version %(version)s) chosen by %(actor)s") % values
    if event.action == "detached":
        return _("Playbook “%(title)s” replaced by %(actor)s") % values
    if event.action == "step_completed":
        text = _("Playbook step %(position)s “%(title)s” done by %(actor)s") % values
        if data.get("file_name"):
            text += " — " + _("evidence: %(name)s") % {"name": data["file_name"]}
        if data.get("on_time") is False:
            text += " — " + _("after its due date")
        return text
    if event.action == "step_skipped":
        return _("Playbook step %(position)s “%(title)s” skipped by %(actor)s") % values
    if event.action == "rescheduled":
        return _("Playbook deadlines counted from the start of handling")
    return _("Playbook changed by %(actor)s") % values
