"""Province-leading covering indexes for a scoped user's dashboard (decision 0017,
docs/benchmarks.md).

``scope.counted_cases`` splits a Kanwil's (Kankemenag's, KUA's) counted cases into
"located in the area" — province code first, the regency/district code after — and
the few counted cases located outside it (a literal id list). With these indexes each
of the dashboard's three all-years queries reads only the area's index entries, never
the case rows:

* ``analytics_area_cube`` (province, reported_at, status, level, category, stage,
  regency, district): the period cube of the area (the cube index of 0001 leads with
  reported_at, so it would read every province's entries of the period);
* ``analytics_area_cases`` (province, regency, district, level, category, id): the
  area's case ids for "resolved per month" (a hash semi-join with the period's resolve
  steps instead of one index probe per resolve step);
* ``analytics_open_cases_by_area`` (partial, open cases): replaces
  ``analytics_open_cases_area`` of 0004 with the handling unit added, so "open cases by
  office" groups the area's open cases from the index alone;
* ``analytics_case_unit_area`` (handling unit, region codes, id): finds the cases
  handled by the user's offices that lie outside the area (``scope.outside_area_ids``)
  from the index alone.

Plain SQL valid on SQLite and PostgreSQL; no model state changes.
"""

from django.db import migrations

OPEN = "status IN ('dilaporkan', 'terverifikasi', 'ditangani', 'pemantauan')"

INDEXES = [
    ("analytics_area_cube",
     "CREATE INDEX IF NOT EXISTS analytics_area_cube ON cases_case "
     "(province_code, reported_at, status, alert_level, category_id, legal_stage, "
     "regency_code, district_code)"),
    ("analytics_area_cases",
     "CREATE INDEX IF NOT EXISTS analytics_area_cases ON cases_case "
     "(province_code, regency_code, district_code, alert_level, category_id, id)"),
    ("analytics_open_cases_by_area",
     "CREATE INDEX IF NOT EXISTS analytics_open_cases_by_area ON cases_case "
     "(province_code, regency_code, district_code, alert_level, category_id, "
     f"handling_unit_id) WHERE {OPEN}"),
    ("analytics_case_unit_area",
     "CREATE INDEX IF NOT EXISTS analytics_case_unit_area ON cases_case "
     "(handling_unit_id, province_code, regency_code, district_code, id)"),
]

OLD_OPEN_AREA = (
    "CREATE INDEX IF NOT EXISTS analytics_open_cases_area ON cases_case "
    f"(province_code, regency_code, district_code, alert_level, category_id) WHERE {OPEN}"
)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0005_case_scope_indexes")]

    operations = [
        *(migrations.RunSQL(sql, reverse_sql=f"DROP INDEX IF EXISTS {name}")
          for name, sql in INDEXES),
        migrations.RunSQL("DROP INDEX IF EXISTS analytics_open_cases_area",
                          reverse_sql=OLD_OPEN_AREA),
    ]
