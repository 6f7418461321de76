"""Monthly and quarterly recaps per unit, as PDF and XLSX — the dashboard's figures frozen.

``generate_recap(unit, period)`` needs no user, so the worker (issue #4) can call
it on a schedule; the web view checks that the requesting user may see the unit
first. The figures are computed by the same ``compute_summary`` as the
dashboard, over what a member of the unit counts (``scope.unit_counted_cases``),
so a recap matches the dashboard of that unit for the same period.
"""

import io
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError
from selaras.org.models import Unit

from .figures import Summary, compute_summary, scale
from .filters import DashboardFilter, add_months
from .response import STEPS, ResponseTimes, response_times
from .scope import path_depth, unit_counted_cases

PERIOD_RE = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


def parse_period(text: str) -> tuple[date, date, str]:
    """"2026-10" → October 2026; "2026-Q3" → July–September 2026. (first day, last day, key)."""
    match = PERIOD_RE.match(str(text or "").strip().upper())
    if not match:
        raise ValidationError({"period": _(
            "Give a month like 2026-10 or a quarter like 2026-Q3.")})
    year = int(match.group(1))
    if match.group(2):
        first = date(year, int(match.group(2)), 1)
        months = 1
    else:
        first = date(year, 3 * (int(match.group(3)) - 1) + 1, 1)
        months = 3
    if first > timezone.localdate():
        raise ValidationError({"period": _("This period has not started yet.")})
    last = add_months(first, months) - timezone.timedelta(days=1)
    return first, last, match.group(0)


@dataclass
class Recap:
    unit: Unit
    period: str
    date_from: date
    date_to: date
    summary: Summary
    response: ResponseTimes
    generated_at: object

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.period


def generate_recap(unit: Unit, period: str) -> Recap:
    first, last, key = parse_period(period)
    flt = DashboardFilter(date_from=first, date_to=last, period="custom")
    counted = unit_counted_cases(unit)
    return Recap(
        unit=unit, period=key, date_from=first, date_to=last,
        summary=compute_summary(counted, flt),
        response=response_times(counted, flt, depth=path_depth(unit.path) + 1),
        generated_at=timezone.localtime(),
    )


def filename(recap: Recap, extension: str) -> str:
    return f"rekap-{recap.unit.code}-{recap.period.lower()}.{extension}"


# --------------------------------------------------------------------------- PDF


def render_recap_pdf(recap: Recap) -> bytes:
    from selaras.reports.pdf import page_counter_content, render_pdf

    summary = recap.summary
    context = {
        "recap": recap,
        "s": summary,
        "language_code": get_language() or "id",
        "document_title": _("Recap %(period)s — %(unit)s") % {
            "period": recap.period, "unit": recap.unit.name},
        "page_counter": page_counter_content(),
        "sections": [
            (_("By alert level"), summary.by_level, scale(summary.by_level), True),
            (_("By status"), summary.by_status, scale(summary.by_status), False),
            (_("By category"), summary.by_category, scale(summary.by_category), False),
            (_("By legal stage"), summary.by_stage, scale(summary.by_stage), False),
        ],
        "rt_rows": [recap.response.overall, *recap.response.by_level,
                    *recap.response.by_unit],
        "steps": STEPS,
    }
    return render_pdf("analytics/recap_pdf.html", context)


# --------------------------------------------------------------------------- XLSX


def render_recap_xlsx(recap: Recap) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    bold = Font(bold=True)
    summary = recap.summary
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([_("Recap"), recap.period])
    sheet.append([_("Office"), recap.unit.name])
    sheet.append([_("Period"), recap.date_from.isoformat(), recap.date_to.isoformat()])
    sheet.append([_("Generated"), recap.generated_at.strftime("%Y-%m-%d %H:%M")])
    sheet.append([_("Cases reported"), summary.total])
    sheet.append([_("Open cases now"), summary.open_total])
    sheet["A1"].font = bold

    def table(title: str, header: list, rows: list, chart: bool = False):
        # Excel refuses []:*?/\ in a sheet's name (the Indonesian "(UU 7/2012)").
        ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", title)[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        ws.column_dimensions["A"].width = 40
        if chart and rows:
            bar = BarChart()
            bar.title = title
            bar.add_data(Reference(ws, min_col=2, max_col=len(header), min_row=1,
                                   max_row=len(rows) + 1), titles_from_data=True)
            bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(rows) + 1))
            ws.add_chart(bar, "E2")
        return ws

    count = _("Cases")
    table(_("By status"), [_("Status"), count],
          [[str(f.label), f.count] for f in summary.by_status], chart=True)
    table(_("By alert level"), [_("Alert level"), count],
          [[str(f.label), f.count] for f in summary.by_level], chart=True)
    table(_("By category"), [_("Category"), count],
          [[str(f.label), f.count] for f in summary.by_category], chart=True)
    table(_("By legal stage"), [_("Legal stage"), count],
          [[str(f.label), f.count] for f in summary.by_stage])
    table(_("Per month"), [_("Month"), _("New"), _("Resolved")],
          [[m.month, m.new, m.resolved] for m in summary.months], chart=True)
    table(_("Open by office"), [_("Office"), _("Open cases")],
          [[str(f.label), f.count] for f in summary.open_by_unit])
    rows = []
    for row in [recap.response.overall, *recap.response.by_level, *recap.response.by_unit]:
        line = [str(row.label) or _("All")]
        for step in ("verify", "first_action", "resolve"):
            st = row.steps[step]
            line += [st.n, st.median_h, st.p90_h, st.on_time_share]
        rows.append(line)
    header = [""]
    for step in (_("verify"), _("first action"), _("resolve")):
        header += [f"{step}: n", f"{step}: median (h)", f"{step}: p90 (h)",
                   f"{step}: % on time"]
    table(_("Response times"), header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
