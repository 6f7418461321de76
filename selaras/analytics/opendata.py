"""Open data: case counts by province/regency, month, category and level — no personal data.

Only aggregate columns leave: region codes and names, the month, the category
code and name, the alert level and a count. Counts from 1 to 4 are published as
"<5" (small-cell suppression) so a rare combination in a small regency cannot
point at a community or a person. Zero rows are not published at all (absent
combinations). Totals are deliberately not included: with totals, a suppressed
cell could be recovered by subtraction.
"""

import csv
import io
from collections.abc import Iterator

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from selaras.cases.models import Category
from selaras.regions.models import Region

from .figures import month_key
from .filters import DashboardFilter

SUPPRESS_BELOW = 5
HEADER = ["province_code", "province", "regency_code", "regency", "month", "category_code",
          "category", "alert_level", "cases"]


def suppressed(n: int) -> str:
    return f"<{SUPPRESS_BELOW}" if 0 < n < SUPPRESS_BELOW else str(n)


def opendata_rows(counted: QuerySet, flt: DashboardFilter) -> Iterator[list[str]]:
    rows = (
        flt.apply(counted).order_by()
        .annotate(m=TruncMonth("reported_at"))
        .values("province_code", "regency_code", "m", "category_id", "alert_level")
        .annotate(n=Count("id"))
    )
    grouped: dict[tuple, int] = {}
    for r in rows:
        key = (r["province_code"], r["regency_code"], month_key(r["m"]), r["category_id"],
               r["alert_level"])
        grouped[key] = grouped.get(key, 0) + r["n"]
    codes = {k[0] for k in grouped} | {k[1] for k in grouped}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    categories = {c.code: c.name for c in Category.objects.all()}
    for key in sorted(grouped):
        province, regency, month, category, level = key
        yield [province, names.get(province, ""), regency, names.get(regency, ""), month,
               category, categories.get(category, ""), str(level), suppressed(grouped[key])]


def opendata_csv(counted: QuerySet, flt: DashboardFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    writer.writerow(HEADER)
    yield flush()
    for row in opendata_rows(counted, flt):
        writer.writerow(row)
        yield flush()
