"""Reads of cases, shared by the web UI and the API so their filters are the same.

Every function starts from ``Case.objects.restrict(user, action)``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.core.errors import ValidationError
from selaras.org.jurisdiction import grants_for
from selaras.org.models import Role

from . import access
from .access import FIELD_BY_PREFIX_LENGTH
from .models import AlertLevel, Case, CaseEvent, Category, LegalStage, Status

SORTS = {
    "newest": ("-reported_at", "-id"),
    "oldest": ("reported_at", "id"),
    "level": ("-alert_level", "-reported_at", "-id"),
    "due": (F("due_at").asc(nulls_last=True), "-alert_level", "id"),
    "updated": ("-updated_at", "-id"),
    "number": ("number",),
}
DEFAULT_SORT = "newest"
MAX_QUERY_LENGTH = 100


@dataclass
class CaseFilter:
    """Validated list filters. Build with ``CaseFilter.from_params``."""

    status: list[str] = field(default_factory=list)
    alert_level: list[int] = field(default_factory=list)
    legal_stage: list[str] = field(default_factory=list)
    category: str = ""
    region: str = ""
    unit: str = ""
    reported_from: date | None = None
    reported_to: date | None = None
    q: str = ""
    overdue: bool = False
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params) -> "CaseFilter":
        """Parse query parameters (a QueryDict or a plain dict); raise ValidationError if bad."""
        errors: dict[str, list[str]] = {}

        def getlist(name: str) -> list[str]:
            if hasattr(params, "getlist"):
                values = params.getlist(name)
            else:
                value = params.get(name)
                values = value if isinstance(value, list) else ([value] if value else [])
            out: list[str] = []
            for value in values:
                out.extend(v.strip() for v in str(value).split(",") if v.strip())
            return out

        def get(name: str) -> str:
            values = getlist(name)
            return values[0] if values else ""

        flt = cls()
        flt.status = getlist("status")
        bad = [s for s in flt.status if s not in Status.values]
        if bad:
            errors["status"] = [_("Unknown status: %(v)s.") % {"v": ", ".join(bad)}]
        levels = getlist("alert_level")
        try:
            flt.alert_level = [int(v) for v in levels]
            if any(v not in AlertLevel.values for v in flt.alert_level):
                raise ValueError
        except ValueError:
            errors["alert_level"] = [_("Alert level must be 1, 2 or 3.")]
        flt.legal_stage = getlist("legal_stage")
        bad_stages = [s for s in flt.legal_stage if s not in LegalStage.values]
        if bad_stages:
            errors["legal_stage"] = [_("Unknown legal stage: %(v)s.") % {
                "v": ", ".join(bad_stages)}]
        flt.category = get("category")
        if flt.category and not Category.objects.filter(code=flt.category).exists():
            errors["category"] = [_("Unknown category '%(v)s'.") % {"v": flt.category}]
        flt.region = get("region").replace(".", "")
        if flt.region and not (flt.region.isdigit() and len(flt.region) in (2, 4, 6, 10)):
            errors["region"] = [_("A region code has 2, 4, 6 or 10 digits.")]
        flt.unit = get("unit")
        for name in ("reported_from", "reported_to"):
            raw = get(name)
            if raw:
                try:
                    setattr(flt, name, date.fromisoformat(raw))
                except ValueError:
                    errors[name] = [_("Use the date format YYYY-MM-DD.")]
        flt.q = get("q")
        if len(flt.q) > MAX_QUERY_LENGTH:
            errors["q"] = [_("Search text is limited to %(n)d characters.") % {
                "n": MAX_QUERY_LENGTH}]
        flt.overdue = get("overdue").lower() in {"1", "true", "yes", "on"}
        flt.sort = get("sort") or DEFAULT_SORT
        if flt.sort not in SORTS:
            errors["sort"] = [_("Sort by one of: %(v)s.") % {"v": ", ".join(SORTS)}]
        if errors:
            raise ValidationError(errors)
        return flt

    def is_empty(self) -> bool:
        return not (self.status or self.alert_level or self.legal_stage or self.category
                    or self.region or self.unit or self.reported_from or self.reported_to
                    or self.q or self.overdue)


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def apply_filter(queryset: QuerySet, flt: CaseFilter) -> QuerySet:
    if flt.status:
        queryset = queryset.filter(status__in=flt.status)
    if flt.alert_level:
        queryset = queryset.filter(alert_level__in=flt.alert_level)
    if flt.legal_stage:
        queryset = queryset.filter(legal_stage__in=flt.legal_stage)
    if flt.category:
        queryset = queryset.filter(Q(category_id=flt.category) | Q(subcategory_id=flt.category))
    if flt.region:
        column = FIELD_BY_PREFIX_LENGTH[len(flt.region)]
        queryset = queryset.filter(**{column: flt.region})
    if flt.unit:
        queryset = queryset.filter(handling_unit__code=flt.unit)
    if flt.reported_from:
        queryset = queryset.filter(reported_at__gte=_day_start(flt.reported_from))
    if flt.reported_to:
        queryset = queryset.filter(
            reported_at__lt=_day_start(flt.reported_to) + timezone.timedelta(days=1)
        )
    if flt.q:
        text = flt.q
        queryset = queryset.filter(
            Q(number__iexact=text) | Q(title__icontains=text) | Q(chronology__icontains=text)
        )
    if flt.overdue:
        queryset = queryset.filter(due_at__lt=timezone.now())
    return queryset.order_by(*SORTS[flt.sort])


def case_list(user, flt: CaseFilter | None = None, *, cap_search_count: int | None = None
              ) -> QuerySet:
    """The cases this user may see, filtered and sorted, ready to paginate.

    Its ``count()`` (the paginator's) adds up the counts of the read path's disjoint
    pieces (``ViewScope.disjoint_parts``) in one query: counting "in my area OR handled
    below OR named" as one set made PostgreSQL read every case row of a Kanwil
    (~70,000 heap pages at 1 M cases); each piece alone is an index-only count.

    With a search text and ``cap_search_count`` (the web list), the count stops at that
    many matches (``CappedCount``): a broad word matches a tenth of all cases, and
    counting them exactly took seconds at 1 M cases; the page then says "more than N".
    """
    flt = flt or CaseFilter()
    scope = access.view_scope(user)
    restricted = Case.objects.restrict(user, "view", scope=scope)
    queryset = apply_filter(restricted.with_list_related(), flt)
    if flt.q and cap_search_count:
        queryset = queryset.with_counter(CappedCount(apply_filter(restricted, flt),
                                                     cap_search_count))
    elif isinstance(scope, access.ViewScope) and not flt.q:
        parts = [apply_filter(Case.objects.filter(part), flt)
                 for part in scope.disjoint_parts()]
        queryset = queryset.with_counter(lambda: count_sum(parts))
    return queryset


class CappedCount:
    """Counts ``queryset`` up to ``cap`` rows: reads at most ``cap + 1`` matches, returns
    at most ``cap``, and remembers in ``exceeded`` whether there were more."""

    def __init__(self, queryset: QuerySet, cap: int):
        self.queryset, self.cap, self.exceeded = queryset, cap, False

    def __call__(self) -> int:
        found = self.queryset.order_by().values("pk")[:self.cap + 1].count()
        self.exceeded = found > self.cap
        return min(found, self.cap)


def count_sum(querysets: list[QuerySet]) -> int:
    """The sum of the row counts of ``querysets`` in one query."""
    selects: list[str] = []
    params: list = []
    for i, queryset in enumerate(querysets):
        try:
            sql, part_params = queryset.order_by().values_list("pk").query.sql_with_params()
        except EmptyResultSet:
            continue
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS part{i})")
        params.extend(part_params)
    if not selects:
        return 0
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(selects), params)
        return cursor.fetchone()[0]


def get_case(user, number: str, action: str = "view") -> Case:
    """A visible case by number, or Http404 — outside one's jurisdiction it does not exist."""
    case = (
        Case.objects.restrict(user, "view")
        # What every case page shows. Not the registering user nor the case it duplicates
        # (read only when shown): with 53 indexes on cases_case, each further join adds
        # planning time — 7 joins took 7 ms to plan at 1 M cases, these 5 take 2 ms.
        .select_related("category", "subcategory", "handling_unit", "location",
                        "location__parent")
        .filter(number=str(number)[:40])
        .first()
    )
    if case is None:
        raise Http404(_("No case with that number."))
    return case


def my_queue(user) -> QuerySet:
    """Cases waiting on the user or their unit, overdue (earliest deadline) first.

    Heads and handlers: open cases handled by their unit. Reporters: the open
    cases they registered themselves.
    """
    base = Case.objects.restrict(user, "view").with_list_related()
    acting_paths = {
        g.unit_path for g in grants_for(user) if g.role in (Role.KEPALA, Role.PENANGAN)
    }
    waiting = [Status.DILAPORKAN, Status.TERVERIFIKASI, Status.DITANGANI, Status.SELESAI,
               Status.PEMANTAUAN]
    q = Q(pk__in=[])
    if acting_paths:
        unit_ids = [g.unit_id for g in grants_for(user)
                    if g.role in (Role.KEPALA, Role.PENANGAN)]
        q |= Q(handling_unit_id__in=unit_ids)
    if any(g.role == Role.PELAPOR for g in grants_for(user)):
        q |= Q(created_by=user)
    return base.filter(q, status__in=waiting).order_by(*SORTS["due"])


def case_events(case: Case) -> QuerySet:
    return CaseEvent.objects.filter(case=case).select_related(
        "actor", "from_unit", "to_unit"
    ).order_by("created_at", "id")
