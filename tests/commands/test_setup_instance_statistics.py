"""setup_instance gathers planner statistics for the reference tables right after loading
the regions and offices (on PostgreSQL with autovacuum off, nothing else would)."""

from django.core.management import call_command

from selaras.core.management.commands import setup_instance


def test_the_reference_tables_are_analysed_after_the_office_tree(monkeypatch, db):
    steps = []
    monkeypatch.setattr(setup_instance, "call_command",
                        lambda name, *a, **k: steps.append(name))
    monkeypatch.setattr(setup_instance, "analyse", lambda tables: steps.append(tuple(tables)))
    monkeypatch.setattr(setup_instance.Command, "_regions_loaded", staticmethod(lambda: False))
    call_command("setup_instance", no_demo=True, verbosity=0)
    assert steps.index(setup_instance.REFERENCE_TABLES) == steps.index("build_units") + 1
    assert steps.index("load_regions") < steps.index("build_units")
    assert {"regions_region", "org_unit"} <= set(setup_instance.REFERENCE_TABLES)


def test_analysing_runs_on_this_database(db):
    """The real call (ANALYZE inside the test's transaction on PostgreSQL, nothing on
    SQLite) does not fail."""
    setup_instance.analyse(setup_instance.REFERENCE_TABLES)
