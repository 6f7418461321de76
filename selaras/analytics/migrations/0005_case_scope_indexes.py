"""Two indexes for scoped users' figures at 1 M cases (docs/benchmarks.md):

* ``analytics_case_scope`` (id, region codes, handling unit): "resolved per month"
  checks each resolve step's case against the user's area and offices; with these
  columns in the index the check is an index-only scan instead of a heap read per
  case (Kanwil at 1 M cases: 896 → 270 ms for that query).
* ``analytics_confidential_cases`` (partial, confidential only): the "counted but not
  listed" figure counts only confidential cases of the area (3 % of all).
"""

from django.db import migrations

SCOPE = (
    "CREATE INDEX IF NOT EXISTS analytics_case_scope ON cases_case "
    "(id, province_code, regency_code, district_code, handling_unit_id, location_id)"
)
CONFIDENTIAL = (
    "CREATE INDEX IF NOT EXISTS analytics_confidential_cases ON cases_case "
    "(province_code, regency_code, district_code, reported_at, handling_unit_id) "
    "WHERE confidential"
)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0004_open_cases_area_index")]

    operations = [
        migrations.RunSQL(SCOPE, reverse_sql="DROP INDEX IF EXISTS analytics_case_scope"),
        migrations.RunSQL(CONFIDENTIAL,
                          reverse_sql="DROP INDEX IF EXISTS analytics_confidential_cases"),
    ]
