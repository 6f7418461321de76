"""Presentation helpers for case pages: badges, timeline sentences, error links, nav.

Nothing here queries per row: badges and sentences use only the objects the
views fetched with ``select_related``; the nav tag makes one query per page.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selaras.cases import access
from selaras.cases.models import AlertLevel, EventKind, Outcome, RejectReason, Status
from selaras.cases.workflow import TRANSITIONS
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Membership, Role

register = template.Library()

# Short names of the alert levels (official terms, the same in every language).
LEVEL_NAMES = {1: "Waspada", 2: "Siaga", 3: "Awas"}


@register.simple_tag
def status_badge(status: str):
    try:
        label = Status(status).label
    except ValueError:
        label = status
    return format_html(
        '<span class="badge badge--status badge--{}">'
        '<span class="visually-hidden">{} </span>{}</span>',
        status, _("Status:"), label,
    )


@register.simple_tag
def level_badge(level):
    try:
        level = int(level)
    except (TypeError, ValueError):
        return ""
    return format_html(
        '<span class="badge badge--level-{}" title="{}">{} {} · {}</span>',
        level, AlertLevel(level).label if level in AlertLevel.values else "",
        _("Level"), level, LEVEL_NAMES.get(level, ""),
    )


@register.simple_tag
def overdue_badge(case):
    if case.is_open and case.due_at and case.due_at < timezone.now():
        return format_html('<span class="badge badge--overdue">{}</span>', _("Overdue"))
    return ""


def _actor(event) -> str:
    return event.actor.display_name if event.actor_id and event.actor else _("the system")


def _unit(unit) -> str:
    return unit.name if unit else "?"


ACTION_SENTENCES = {
    "verify": gettext_lazy("Verified by %(actor)s"),
    "reject": gettext_lazy("Rejected by %(actor)s"),
    "start": gettext_lazy("Handling started by %(actor)s"),
    "escalate": gettext_lazy("Escalated by %(actor)s from %(from_unit)s to %(to_unit)s"),
    "delegate": gettext_lazy("Delegated by %(actor)s from %(from_unit)s to %(to_unit)s"),
    "take_over": gettext_lazy("Taken over by %(to_unit)s from %(from_unit)s (%(actor)s)"),
    "resolve": gettext_lazy("Resolved by %(actor)s"),
    "monitor": gettext_lazy("Monitoring started by %(actor)s"),
    "close": gettext_lazy("Closed by %(actor)s"),
    "reopen": gettext_lazy("Reopened by %(actor)s"),
}


@register.simple_tag
def event_sentence(event) -> str:
    """One plain sentence for a timeline entry, e.g. “Verified by Siti Aminah”."""
    values = {
        "actor": _actor(event),
        "from_unit": _unit(event.from_unit),
        "to_unit": _unit(event.to_unit),
    }
    data = event.data or {}
    if event.kind == EventKind.CREATED:
        return _("Reported by %(actor)s; handled by %(to_unit)s") % values
    if event.kind == EventKind.UPDATED:
        fields = ", ".join(_field_label(name) for name in (data.get("changes") or {}))
        return _("Details changed by %(actor)s: %(fields)s") % {**values, "fields": fields}
    if event.kind == EventKind.NOTE_ADDED:
        if event.action == "duplicate_linked":
            return _("Case %(number)s was marked by %(actor)s as a duplicate of this case") % {
                **values, "number": data.get("duplicate", "?")}
        return _("Note added by %(actor)s") % values
    if event.kind == EventKind.ACCESS_GRANTED:
        return _("Access granted by %(actor)s") % values
    if event.kind == EventKind.TRANSITION:
        sentence = ACTION_SENTENCES.get(event.action)
        if sentence is None:
            return _("%(action)s by %(actor)s") % {**values, "action": event.action}
        text = str(sentence) % values
        if event.action == "resolve" and data.get("outcome"):
            text += " — " + _("outcome: %(outcome)s") % {
                "outcome": _choice_label(Outcome, data["outcome"])}
        if event.action == "reject" and data.get("reject_reason"):
            text += " — " + _choice_label(RejectReason, data["reject_reason"])
            if data.get("duplicate_of"):
                text += " " + _("(duplicate of %(number)s)") % {"number": data["duplicate_of"]}
        return text
    return _("%(what)s by %(actor)s") % {**values, "what": event.get_kind_display()}


@register.simple_tag
def timeline_sentence(event, party_labels=None) -> str:
    """``event_sentence`` for every kind: the case-handling, evidence and relation kinds use
    the report's sentences (``selaras.reports.timeline``), with parties named as the page
    shows them (masked where the user may not see them)."""
    from selaras.reports.timeline import handling_sentence

    return handling_sentence(event, party_labels or {}) or event_sentence(event)


def _choice_label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _field_label(name: str) -> str:
    from selaras.cases.models import Case

    try:
        return str(Case._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key in old event data is shown as is
        return name


@register.filter
def error_links(form):
    """[(anchor id, message)] for the error summary; field errors link to their input."""
    if form is None or not form.errors:
        return []
    links = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            anchor = ""
        else:
            bound = form[name]
            # Radio and checkbox groups have no single input: link to their container.
            anchor = bound.id_for_label or bound.auto_id
        for message in messages:
            links.append((anchor, message))
    return links


@register.simple_tag(takes_context=True)
def selaras_nav(context):
    """Who is signed in, in which units and roles, and what they may start."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"memberships": [], "can_create": False}
    memberships = list(
        Membership.objects.filter(user=user, unit__is_active=True)
        .select_related("unit").order_by("unit__path", "role")
    )
    return {
        "memberships": memberships,
        "can_create": any(g.role in access.CREATE_ROLES for g in grants_for(user)),
        # The audit viewer answers 404 to everyone else (selaras.audit.selectors).
        "is_auditor": any(m.role == Role.AUDITOR for m in memberships),
    }


@register.simple_tag
def action_label(action: str) -> str:
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else action
