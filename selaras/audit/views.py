import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .selectors import apply_filters, visible_entries

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Stop spreadsheet formula injection: prefix risky cells with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value):
        return value


def _csv_rows(qs):
    writer = csv.writer(_Echo())
    yield writer.writerow([_("Sequence"), _("Time"), _("Actor"), _("Kind"), _("Action"),
                           _("Object type"), _("Object id"), _("Case number"), _("Data"),
                           _("Hash")])
    for e in qs.iterator(chunk_size=1000):
        yield writer.writerow([neutralise(v) for v in (
            e.seq, e.created_at.isoformat(), e.actor_label, e.kind, e.action, e.object_type,
            e.object_id, e.case_number,
            json.dumps(e.data, ensure_ascii=False, sort_keys=True), e.hash)])


@login_required
def audit_list(request):
    qs = visible_entries(request.user)  # 404 for non-auditors
    qs, errors = apply_filters(qs, request.GET)
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(_csv_rows(qs.order_by("seq")),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    page = Paginator(qs.order_by("-seq"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "audit/list.html", {
        "page": page, "params": request.GET, "errors": errors, "query": query.urlencode(),
    })
