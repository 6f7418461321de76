"""The case report: the document an office prints and files for one case.

``render_case_report(case=..., user=...)`` returns PDF bytes. The caller passes a
case it fetched with the case selectors; the report fetches it again through
``get_case`` (scoped: Http404 outside the user's jurisdiction) and reads every
section through the selectors of its app (``data.collect``). The language is the
active one (Indonesian by default); times are printed as WIB.
"""

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from selaras.cases.models import OccurredPrecision, Religion

from .data import REPORT_TIME_ZONE, collect
from .pdf import css_string, page_counter_content, render_pdf
from .timeline import timeline_entries

TEMPLATE = "reports/case_report.html"


def occurred_text(case) -> str:
    """When it happened, only as precisely as it is known."""
    when = timezone.localtime(case.occurred_at, REPORT_TIME_ZONE)
    if case.occurred_precision == OccurredPrecision.EXACT:
        return formats.date_format(when, "j F Y, H:i") + " WIB"
    if case.occurred_precision == OccurredPrecision.MONTH:
        return formats.date_format(when, "F Y")
    return formats.date_format(when, "j F Y")


def religion_labels(codes) -> list[str]:
    labels = []
    for code in codes or []:
        try:
            labels.append(str(Religion(code).label))
        except ValueError:
            labels.append(str(code))
    return labels


def generated_text(data) -> str:
    return _("Generated on %(when)s WIB by %(user)s") % {
        "when": formats.date_format(data.generated_at, "j F Y, H:i"),
        "user": data.user.display_name,
    }


def running_css(data, *, top_left: str = "", top_right: str = "") -> str:
    """The texts repeated in the page margins, as a style block (CSS cannot call gettext)."""
    rules = [
        f"@bottom-left {{ content: {css_string(generated_text(data))}; }}",
        f"@bottom-right {{ content: {page_counter_content()}; }}",
    ]
    if top_left:
        rules.append(f"@top-left {{ content: {css_string(top_left)}; }}")
    if top_right:
        rules.append(f"@top-right {{ content: {css_string(top_right)}; }}")
    return "@page { " + " ".join(rules) + " }"


def case_report_context(*, case, user) -> dict:
    data = collect(case=case, user=user)
    case = data.case
    actions = [
        {"action": action, "participants": data.party_names(action.participant_parties.all())}
        for action in data.actions
    ]
    agreements = [
        {"agreement": agreement, "parties": data.party_names(agreement.parties.all()),
         "follow_ups": list(agreement.follow_ups.all())}
        for agreement in data.agreements
    ]
    confidential = _("CONFIDENTIAL") if case.confidential else ""
    return {
        "data": data,
        "case": case,
        "language_code": get_language() or "id",
        "document_title": _("Case report %(number)s") % {"number": case.number},
        "occurred_text": occurred_text(case),
        "religions": religion_labels(case.religions),
        "actions": actions,
        "agreements": agreements,
        "timeline": timeline_entries(data.events, data.party_labels),
        "generated_text": generated_text(data),
        "confidential": confidential,
        "running_css": running_css(data, top_left=confidential, top_right=case.number),
    }


def report_filename(case) -> str:
    """A download name for the case report, e.g. ``laporan-KSBK-3273-2025-00001.pdf``."""
    return f"laporan-{case.number}.pdf"


def render_case_report(*, case, user) -> bytes:
    """The case report as PDF bytes, in the active language."""
    with timezone.override(REPORT_TIME_ZONE):
        return render_pdf(TEMPLATE, case_report_context(case=case, user=user))
