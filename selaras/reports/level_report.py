"""Report forms per level: the letter one office sends up to the next, from the case data.

A KUA reports to its Kankemenag ("Laporan KUA"), a Kankemenag to its Kanwil, a
Kanwil to Pusat. ``render_level_report(case=..., user=..., level=...)`` fills the
form from what the case already holds — what happened, where, when, who is
involved, impacts, actions taken, the sending office's assessment (current alert
level and legal stage) and its request (its latest escalation reason) — so
nobody types a report twice.

The sending office is the office of that level in the case's chain: the handling
office and the offices above it, and every office that handled the case before
(escalated, delegated, taken over) with the offices above those. A case handled
by a Kankemenag from the start has no KUA in its chain: asking for its KUA
report is a ``ValueError`` with a message fit to show the user.
"""

from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from selaras.cases.models import EventKind
from selaras.cases.selectors import case_events
from selaras.org.models import Membership, Role, Unit, UnitLevel
from selaras.regions.models import Region

from .case_pdf import occurred_text, religion_labels, running_css
from .data import REPORT_TIME_ZONE, collect
from .pdf import render_pdf

TEMPLATE = "reports/level_report.html"

LEVELS = {
    "kua": UnitLevel.KECAMATAN,
    "kankemenag": UnitLevel.KABKOTA,
    "kanwil": UnitLevel.PROVINSI,
}
LEVEL_NAMES = {"kua": "KUA", "kankemenag": "Kankemenag", "kanwil": "Kanwil"}
REPORT_TITLES = {
    "kua": gettext_lazy("KUA report"),
    "kankemenag": gettext_lazy("Regency/city office (Kankemenag) report"),
    "kanwil": gettext_lazy("Provincial office (Kanwil) report"),
}
CHRONOLOGY_SUMMARY_CHARS = 1200
OUTCOME_SUMMARY_CHARS = 300
# Where letters from the directorate are signed.
PUSAT_PLACE = "Jakarta"


def head_title(unit: Unit) -> str:
    """How the head of an office is addressed: "Kepala KUA Kecamatan Sukasari"."""
    if unit.level == UnitLevel.PUSAT and unit.name.startswith("Direktorat "):
        return _("Director of %(name)s") % {"name": unit.name.removeprefix("Direktorat ")}
    return _("Head of %(unit)s") % {"unit": unit.name}


def place_of(unit: Unit) -> str:
    """The place name for "<place>, <date>": the office's own area, without "Kota"/"Kabupaten"."""
    if unit.level == UnitLevel.PUSAT:
        return PUSAT_PLACE
    region = Region.objects.filter(code=unit.code).only("name").first()
    if region is None:
        return unit.name
    name = region.name
    for prefix in ("Kabupaten ", "Kota "):
        name = name.removeprefix(prefix)
    return name


def chain_units(case, events) -> list[Unit]:
    """Offices in the case's chain, the current handling office's line first."""
    paths = [case.handling_unit.path]
    for event in reversed(events):
        for unit in (event.to_unit, event.from_unit):
            if unit is not None:
                paths.append(unit.path)
    ordered: list[str] = []
    for path in paths:
        for code in reversed(path.strip("/").split("/")):
            if code and code not in ordered:
                ordered.append(code)
    by_code = {u.code: u for u in Unit.objects.filter(code__in=ordered).select_related("parent")}
    return [by_code[code] for code in ordered if code in by_code]


def check_level(level) -> str:
    if level not in LEVELS:
        raise ValueError(_("Unknown report level “%(level)s”; use one of: %(levels)s.") % {
            "level": str(level)[:40], "levels": ", ".join(LEVELS)})
    return level


def sending_unit(case, events, level: str) -> Unit:
    check_level(level)
    return _sending_unit(chain_units(case, events), case, level)


def _sending_unit(chain: list[Unit], case, level: str) -> Unit:
    for unit in chain:
        if unit.level == LEVELS[level]:
            if unit.parent is None:
                raise ValueError(_("%(unit)s has no office above it to report to.") % {
                    "unit": unit.name})
            return unit
    raise ValueError(_(
        "Case %(number)s has no %(level)s among its handling offices (it is handled by "
        "%(unit)s), so there is no %(level)s report to make."
    ) % {"number": case.number, "level": LEVEL_NAMES[level], "unit": case.handling_unit.name})


def available_levels(*, case, events=None) -> list[tuple[str, Unit]]:
    """The level reports this case has, as (level, sending office), lowest office first —
    for the case page to offer only the forms that exist.

    ``case`` is the one the page read with ``get_case(user, number)`` (the same scoped
    read as the reports), and ``events`` its timeline when the page has it already;
    the offices of the chain are read once for all levels."""
    if events is None:
        events = list(case_events(case))
    chain = chain_units(case, events)
    offered = []
    for level in LEVELS:
        try:
            offered.append((level, _sending_unit(chain, case, level)))
        except ValueError:
            continue
    return offered


def report_filename(case, level: str) -> str:
    return f"laporan-{level}-{case.number}.pdf"


def latest_escalation(events, unit: Unit):
    """The sending office's most recent escalation (its request to the office above), or None."""
    for event in reversed(events):
        if (event.kind == EventKind.TRANSITION and event.action == "escalate"
                and event.from_unit_id == unit.pk):
            return event
    return None


def head_name(unit: Unit) -> str:
    """The head's name when the office has exactly one active head, else "" (a line to sign on)."""
    heads = list(
        Membership.objects.filter(unit=unit, role=Role.KEPALA, user__is_active=True)
        .select_related("user")[:2]
    )
    return heads[0].user.display_name if len(heads) == 1 else ""


def impact_sentence(impact) -> str:
    if impact is None:
        return _("No impacts recorded.")
    text = _("%(dead)s dead, %(injured)s injured, %(displaced)s displaced, "
             "%(children)s children involved.") % {
        "dead": impact.dead, "injured": impact.injured, "displaced": impact.displaced,
        "children": impact.children_involved}
    if impact.property_damaged_kind:
        text += " " + _("Property damaged: %(kind)s.") % {"kind": impact.property_damaged_kind}
    if impact.property_damage_estimate is not None:
        text += " " + _("Estimated damage: Rp%(amount)s.") % {
            "amount": formats.number_format(impact.property_damage_estimate, 0,
                                            force_grouping=True)}
    return text


def level_report_context(*, case, user, level: str) -> dict:
    check_level(level)
    data = collect(case=case, user=user)
    case = data.case
    sender = sending_unit(case, data.events, level)
    parent = sender.parent
    escalation = latest_escalation(data.events, sender)
    today = timezone.localtime(timezone.now(), REPORT_TIME_ZONE).date()
    actions = [
        {"action": action,
         "participants": data.party_names(action.participant_parties.all()),
         "outcome": Truncator(action.outcome).chars(OUTCOME_SUMMARY_CHARS)}
        for action in data.actions
    ]
    agreements = [
        {"agreement": agreement, "follow_ups": list(agreement.follow_ups.all())}
        for agreement in data.agreements
    ]
    title = str(REPORT_TITLES[level])
    return {
        "data": data,
        "case": case,
        "level": level,
        "language_code": get_language() or "id",
        "document_title": f"{title} — {case.number}",
        "report_title": title,
        "sender": sender,
        "sender_head_title": head_title(sender),
        "sender_head_name": head_name(sender),
        "sender_place": place_of(sender),
        "recipient": parent,
        "recipient_head_title": head_title(parent),
        "recipient_place": place_of(parent),
        "letter_date": today,
        "chronology_summary": Truncator(case.chronology).chars(CHRONOLOGY_SUMMARY_CHARS),
        "chronology_truncated": len(case.chronology) > CHRONOLOGY_SUMMARY_CHARS,
        "occurred_text": occurred_text(case),
        "religions": religion_labels(case.religions),
        "impact_text": impact_sentence(data.impact),
        "actions": actions,
        "agreements": agreements,
        "escalation": escalation,
        "running_css": running_css(data, top_right=case.number,
                                   top_left=_("CONFIDENTIAL") if case.confidential else ""),
    }


def render_level_report(*, case, user, level: str) -> bytes:
    """The report the office of ``level`` ("kua", "kankemenag", "kanwil") sends up, as PDF.

    Raises ValueError (with a translated message) for an unknown level or one
    that is not in the case's chain of offices.
    """
    with timezone.override(REPORT_TIME_ZONE):
        return render_pdf(TEMPLATE, level_report_context(case=case, user=user, level=level))
