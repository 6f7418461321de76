"""``manage.py seed_synthetic --cases N``: realistic synthetic cases for benchmarks.

See ``selaras.core.synthetic`` for what is generated and how. Regions and offices are
loaded first if missing. Refuses a database holding cases it did not make (real data)
unless ``--i-know-this-is-not-production`` is given.

On PostgreSQL, empty tables are loaded without their secondary indexes and
constraints, which are rebuilt at the end in the same transaction (``--indexes``);
a second process generates rows while this one streams them (``--serial`` turns
that off).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from selaras.cases.models import Case
from selaras.core import synthetic
from selaras.org.models import Unit
from selaras.regions.models import Region, RegionLevel


class Command(BaseCommand):
    help = "Generate N synthetic cases with parties and timelines (benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="how many cases to add")
        parser.add_argument("--seed", type=int, default=8, help="random seed (reproducible)")
        parser.add_argument("--years", type=int, default=5, help="spread over the last N years")
        parser.add_argument("--batch", type=int, default=10_000, help="cases per batch")
        parser.add_argument(
            "--indexes", choices=["auto", "rebuild", "keep"], default="auto",
            help="PostgreSQL: drop secondary indexes/constraints during the load and rebuild "
                 "them at the end (auto: only when the tables are empty; rebuild: also when "
                 "they are not; keep: never)")
        parser.add_argument("--serial", action="store_true",
                            help="PostgreSQL: generate and write in one process")
        parser.add_argument("--provinces", default="",
                            help="load only these province codes if regions are missing "
                                 "(comma-separated; default all of Indonesia)")
        parser.add_argument("--i-know-this-is-not-production", action="store_true",
                            dest="force", help="allow a database that already holds real cases")

    def handle(self, *args, cases: int, seed: int, years: int, batch: int, provinces: str,
               force: bool, indexes: str = "auto", serial: bool = False, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if years < 1 or batch < 1:
            raise CommandError("--years and --batch must be at least 1.")
        actor = synthetic.first_synthetic_actor()
        real = Case.objects.exclude(created_by=actor).exists()
        if real and not force:
            raise CommandError(
                "This database holds cases that seed_synthetic did not make. Synthetic data "
                "is for benchmark databases only; use an empty database."
            )
        codes = [c.strip() for c in provinces.split(",") if c.strip()]
        if not Region.objects.filter(level=RegionLevel.VILLAGE).exists():
            self.stdout.write("Loading regions …")
            call_command("load_regions", provinces=",".join(codes), verbosity=0)
        if Unit.objects.count() < 2:
            self.stdout.write("Building offices …")
            call_command("build_units", provinces=",".join(codes), verbosity=0)
        plan = synthetic.Plan(cases=cases, seed=seed, years=years, batch=batch,
                              actor_id=actor.pk, indexes=indexes, parallel=not serial)
        try:
            generator = synthetic.Generator(plan, out=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        result = generator.run()
        self.stdout.write("VACUUM ANALYZE …")
        # The reference tables too: regions and offices are joined by every case list, and
        # on a server with autovacuum off (or before it runs) a freshly loaded regions
        # table is planned as 19,000 rows instead of 91,600 (a 27 ms hash join per page).
        synthetic.analyse(["cases_case", "cases_caseevent", "parties_party", "parties_caseparty",
                           "regions_region", "org_unit", "org_unit_areas", "cases_category"])
        self.stdout.write(self.style.SUCCESS(synthetic.describe(result)))
