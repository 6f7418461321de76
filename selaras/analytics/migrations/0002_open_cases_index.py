"""A partial covering index for "open cases now, by handling office" (docs/benchmarks.md).

Open cases are about a third of all cases; with this index the dashboard's
GROUP BY handling unit (with its region, level and category filters) reads the
index alone instead of every case row.
"""

from django.db import migrations

SQL = (
    "CREATE INDEX IF NOT EXISTS analytics_open_cases ON cases_case "
    "(handling_unit_id, province_code, regency_code, district_code, alert_level, category_id) "
    "WHERE status IN ('dilaporkan', 'terverifikasi', 'ditangani', 'pemantauan')"
)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_analytics_indexes")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP INDEX IF EXISTS analytics_open_cases"),
    ]
