"""Indexes for the scoped case list at a million cases (issue #8, docs/benchmarks.md).

``Case.objects.restrict(user, "view")`` is written as literal lists: (located in my area
AND NOT confidential) OR handling_unit_id IN (my subtree) OR id IN (named to me). The
area branch gets partial indexes on the region codes WHERE NOT confidential, so
PostgreSQL answers it from the index (a BitmapOr with the handling-unit index) without
re-checking ``confidential`` on every case row. The list's ``COUNT(*)`` is the sum of
the counts of the three disjoint pieces (``ViewScope.disjoint_parts``), each an
index-only scan: the area's partial index, and ``cases_handled_scope`` for the cases
handled below that are confidential or located elsewhere. Plain SQL, valid on SQLite and
PostgreSQL; model state is unchanged (like the analytics indexes).
"""

from django.db import migrations

INDEXES = [
    (name, f"CREATE INDEX IF NOT EXISTS {name} ON cases_case ({column}, reported_at) "
           "WHERE NOT confidential")
    for name, column in (
        ("cases_visible_province", "province_code"),
        ("cases_visible_regency", "regency_code"),
        ("cases_visible_district", "district_code"),
    )
] + [
    # "Handled below me but not in my area's visible part" (the list's second count
    # piece) is an index-only scan of the handling units' entries.
    ("cases_handled_scope",
     "CREATE INDEX IF NOT EXISTS cases_handled_scope ON cases_case "
     "(handling_unit_id, confidential, province_code, regency_code, district_code, "
     "reported_at)"),
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_encrypt_reporter")]

    operations = [
        migrations.RunSQL(sql, reverse_sql=f"DROP INDEX IF EXISTS {name}")
        for name, sql in INDEXES
    ]
