"""Throwaway benchmark for the analytics pages (issue #6 item 9) — NOT the demo seeder.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/selaras_analytics_bench \\
        manage.py migrate && manage.py analytics_bench --seed 100000 && \\
        manage.py analytics_bench --measure 30

``--seed N`` loads all regions and offices (if missing) and bulk-inserts N
synthetic cases (no services: speed; fields filled the way the services fill
them) spread uniformly over the districts of Indonesia and over the last five
years, with their timeline events (created, verify, start, resolve). Refuses to
run on SQLite and on a database whose name does not contain "bench".
``--measure K`` times K requests of each page per role through the test client
(server time: URL routing, queries, template) and prints median and p95.
"""

import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, Category
from selaras.org.models import Membership, Unit
from selaras.regions.models import Region, RegionLevel

STATUSES = [("dilaporkan", 8), ("terverifikasi", 7), ("ditangani", 20), ("selesai", 10),
            ("pemantauan", 10), ("ditutup", 40), ("ditolak", 5)]
LEVELS = [(1, 60), (2, 30), (3, 10)]
STAGES = [("pencegahan", 70), ("penghentian", 20), ("pemulihan", 10)]
YEARS = 5
BATCH = 5000


def pick(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


class Command(BaseCommand):
    help = "Seed synthetic cases and time the analytics pages (benchmark databases only)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--measure", type=int, default=0)
        parser.add_argument("--random-seed", type=int, default=6)
        parser.add_argument("--pages", default="",
                            help="comma-separated paths to measure (default: all five)")
        parser.add_argument("--roles", default="pusat,kanwil,kankemenag",
                            help="comma-separated roles: pusat, kanwil, kankemenag")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3") or "bench" not in str(db["NAME"]):
            raise CommandError("Only for a PostgreSQL database whose name contains 'bench'.")
        if options["seed"]:
            self.seed(options["seed"], random.Random(options["random_seed"]))
        if options["measure"]:
            # Sessions made with force_login skip the two-step sign-in; the measured pages
            # are the same with or without it (the check is one cached session lookup).
            with override_settings(MFA_ENFORCED=False):
                self.measure(options["measure"],
                             [p for p in options["pages"].split(",") if p],
                             [r for r in options["roles"].split(",") if r])

    # ----------------------------------------------------------------- seeding

    def seed(self, n: int, rng: random.Random):
        from selaras.org.builder import build_units
        from selaras.regions.loader import load_regions

        if not Region.objects.filter(level=RegionLevel.VILLAGE).exists():
            self.stdout.write("loading regions…")
            load_regions()
        if Unit.objects.count() < 100:
            self.stdout.write("building offices…")
            build_units()
        users = self.bench_users()
        units = dict(Unit.objects.values_list("code", "id"))
        villages = list(Region.objects.filter(level=RegionLevel.VILLAGE)
                        .values_list("code", flat=True))
        categories = list(Category.objects.filter(parent=None).values_list("code", flat=True))
        now = timezone.now()
        # The timeline's auto_now_add would stamp every synthetic event "now"; the
        # benchmark needs them on the case's own timeline.
        CaseEvent._meta.get_field("created_at").auto_now_add = False
        start_number = Case.objects.count()
        t0 = time.monotonic()
        for offset in range(0, n, BATCH):
            cases, plans = [], []
            for i in range(offset, min(n, offset + BATCH)):
                village = rng.choice(villages)
                level = pick(rng, LEVELS)
                status = pick(rng, STATUSES)
                reported = now - timedelta(seconds=rng.randrange(YEARS * 365 * 86400))
                unit_code = {1: village[:6], 2: village[:4], 3: village[:2]}[level]
                unit_id = units.get(unit_code) or units.get(village[:4]) or units["pusat"]
                verified = None
                if status not in ("dilaporkan", "ditolak"):
                    verified = reported + timedelta(hours=rng.uniform(0.5, 60))
                case = Case(
                    number=f"BENCH-{start_number + i:08d}", title=f"Kasus sintetis {i}",
                    chronology="Kronologi sintetis untuk uji kinerja. " * 3,
                    category_id=rng.choice(categories), occurred_at=reported,
                    reported_at=reported, location_id=village, province_code=village[:2],
                    regency_code=village[:4], district_code=village[:6],
                    alert_level=level, legal_stage=pick(rng, STAGES), status=status,
                    handling_unit_id=unit_id, confidential=rng.random() < 0.03,
                    reporter_name="Pelapor Sintetis", created_by=users["pusat"],
                    verified_at=verified,
                    closed_at=reported + timedelta(days=40) if status in ("ditutup",
                                                                        "ditolak") else None,
                    due_at=reported + timedelta(days=30) if status in (
                        "dilaporkan", "terverifikasi", "ditangani") else None,
                )
                cases.append(case)
                plans.append((status, reported, verified))
            with transaction.atomic():
                Case.objects.bulk_create(cases)
                events = []
                for case, (status, reported, verified) in zip(cases, plans, strict=True):
                    events.append(CaseEvent(case=case, kind="created", to_status="dilaporkan",
                                            created_at=reported))
                    if verified:
                        events.append(CaseEvent(case=case, kind="transition", action="verify",
                                                created_at=verified))
                    started = None
                    if status in ("ditangani", "selesai", "pemantauan", "ditutup"):
                        started = verified + timedelta(hours=rng.uniform(1, 96))
                        events.append(CaseEvent(case=case, kind="transition", action="start",
                                                created_at=started))
                    if status in ("selesai", "pemantauan", "ditutup"):
                        events.append(CaseEvent(
                            case=case, kind="transition", action="resolve",
                            created_at=started + timedelta(days=rng.uniform(2, 60))))
                CaseEvent.objects.bulk_create(events)
            done = min(n, offset + BATCH)
            if done % 50000 == 0 or done == n:
                self.stdout.write(f"{done} cases ({time.monotonic() - t0:.0f} s)")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE cases_case")
            cursor.execute("VACUUM ANALYZE cases_caseevent")

    def bench_users(self):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        out = {}
        for key, code, role in (("pusat", "pusat", "kepala"), ("kanwil", "32", "kepala"),
                                ("kankemenag", "3273", "kepala"), ("analis", "32", "analis")):
            user, _ = User.objects.get_or_create(username=f"bench_{key}",
                                                 defaults={"full_name": f"Bench {key}"})
            Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=code),
                                             role=role)
            out[key] = user
        return out

    # ----------------------------------------------------------------- measuring

    def measure(self, k: int, pages: list[str] | None = None,
                roles: list[str] | None = None):
        users = self.bench_users()
        total = Case.objects.count()
        self.stdout.write(f"{total} cases, {CaseEvent.objects.count()} events")
        pages = pages or ["/dasbor/", "/api/v1/stats/summary", "/dasbor/peta/",
                          "/dasbor/titik-rawan/", "/dasbor/waktu-respons/"]
        for role in roles or ("pusat", "kanwil", "kankemenag"):
            client = Client()
            client.force_login(users[role])
            for page in pages:
                if page.startswith("/api/"):
                    from selaras.accounts.models import ApiToken

                    _t, raw = ApiToken.issue(users[role], scope="read")  # GETs only
                    headers = {"Authorization": f"Bearer {raw}"}
                else:
                    headers = {}
                rounds = k if page in ("/dasbor/", "/api/v1/stats/summary") else max(3, k // 5)
                client.get(page, headers=headers)  # warm-up
                times = []
                with CaptureQueriesContext(connection) as queries:
                    for _ in range(rounds):
                        t = time.perf_counter()
                        response = client.get(page, headers=headers)
                        times.append((time.perf_counter() - t) * 1000)
                        assert response.status_code == 200, (page, response.status_code)
                times.sort()
                p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
                self.stdout.write(
                    f"{role:11s} {page:28s} n={rounds:3d} median={statistics.median(times):7.1f} ms"
                    f" p95={p95:7.1f} ms queries/request={len(queries) // rounds}")
