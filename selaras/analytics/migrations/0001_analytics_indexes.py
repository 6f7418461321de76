"""Indexes for the analytics aggregates (see docs/benchmarks.md, "Dashboard").

Created with plain SQL because they serve this app's queries on tables owned by
``selaras.cases``; the SQL is valid on both SQLite and PostgreSQL (partial
indexes). They do not change any model state.

* ``analytics_resolve_events``: the 'resolve' steps by time — the "resolved per
  month" series and the response times read only these rows, a tiny share of
  the timeline.
* ``analytics_case_cube``: (reported_at, status, alert_level, category_id,
  legal_stage) — the dashboard's one GROUP BY over the period's cases can be
  answered from the index alone (an index-only scan on PostgreSQL) instead of
  reading the wide case rows with their chronologies.
"""

from django.db import migrations

INDEXES = [
    ("analytics_resolve_events",
     "CREATE INDEX IF NOT EXISTS analytics_resolve_events ON cases_caseevent "
     "(created_at, case_id) WHERE kind = 'transition' AND action = 'resolve'"),
    ("analytics_case_cube",
     "CREATE INDEX IF NOT EXISTS analytics_case_cube ON cases_case "
     "(reported_at, status, alert_level, category_id, legal_stage, province_code, "
     "regency_code, district_code)"),
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_caseevent_playbook_kind")]

    operations = [
        migrations.RunSQL(sql, reverse_sql=f"DROP INDEX IF EXISTS {name}")
        for name, sql in INDEXES
    ]
