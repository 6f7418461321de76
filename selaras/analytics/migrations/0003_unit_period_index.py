"""(handling_unit_id, reported_at): the unit branch of a scoped user's index hint
(``scope.index_hint``) can then apply the period inside the index, like the
region branch does with the existing (province_code, reported_at) indexes."""

from django.db import migrations

SQL = ("CREATE INDEX IF NOT EXISTS analytics_case_unit_reported ON cases_case "
       "(handling_unit_id, reported_at)")


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_open_cases_index")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP INDEX IF EXISTS analytics_case_unit_reported"),
    ]
