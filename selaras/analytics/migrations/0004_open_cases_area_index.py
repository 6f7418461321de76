"""Open cases by region (partial): the region branch of a scoped user's index hint
for "open cases now, by handling office" (docs/benchmarks.md; Kanwil at 1 M cases:
246 → 167 ms for that query)."""

from django.db import migrations

SQL = (
    "CREATE INDEX IF NOT EXISTS analytics_open_cases_area ON cases_case "
    "(province_code, regency_code, district_code, alert_level, category_id) "
    "WHERE status IN ('dilaporkan', 'terverifikasi', 'ditangani', 'pemantauan')"
)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_unit_period_index")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP INDEX IF EXISTS analytics_open_cases_area"),
    ]
