"""Synthetic data at scale for benchmarks (``manage.py seed_synthetic``; issue #8).

Generates realistic cases — every province, all alert levels and workflow states,
parties and timelines — fast and in bounded memory:

* rows are generated batch by batch (``batch`` cases at a time) and never kept;
* on PostgreSQL every table is filled with ``COPY … FROM STDIN`` (psycopg 3), and ids
  are allocated up front so the timeline and the party links can point at their
  case without reading anything back; on SQLite (tests, a laptop) the same rows go
  through ``bulk_create``;
* every value goes through the model field's own ``get_db_prep_save`` so columns
  stored in a special form (JSON, encrypted personal data) are written the way the
  ORM would write them.

The cases bypass the services on purpose (speed): they are made the way the services
would make them (routing by level, number sequences, denormalised region codes, a
due date while open, verified/closed times consistent with the status), but no audit
rows or notifications are written. Never run it on a production database:
``seed_synthetic`` refuses a database that holds cases it did not make.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, CaseNumberSequence, Category
from selaras.org.models import Unit
from selaras.parties.models import CaseParty, Party, normalise_name
from selaras.regions.models import Region, RegionLevel

# Shares of the synthetic population (percent weights).
STATUSES = [("dilaporkan", 8), ("terverifikasi", 7), ("ditangani", 20), ("selesai", 10),
            ("pemantauan", 10), ("ditutup", 40), ("ditolak", 5)]
LEVELS = [(1, 60), (2, 30), (3, 10)]
STAGES = [("pencegahan", 70), ("penghentian", 20), ("pemulihan", 10)]
CHANNELS = [("langsung", 35), ("telepon", 10), ("whatsapp", 20), ("surat", 5), ("media", 10),
            ("penyuluh", 15), ("si_paham", 3), ("lainnya", 2)]
RELIGIONS = ["islam", "kristen", "katolik", "hindu", "buddha", "khonghucu"]
OUTCOMES = [("damai", 55), ("mereda", 25), ("dirujuk_hukum", 8), ("tidak_terbukti", 7),
            ("lainnya", 5)]
PARTY_KINDS = [("perorangan", 55), ("kelompok", 20), ("lembaga", 15), ("rumah_ibadah", 10)]
PARTY_ROLES = ["pelapor", "pengadu", "teradu", "korban", "terduga_pelaku", "mediator",
               "pihak_terkait"]
GIVEN = ["Ahmad", "Budi", "Siti", "Dewi", "Yohanes", "Maria", "Made", "Ketut", "Andi", "Rina",
         "Fransiskus", "Agus", "Nur", "Slamet", "Wayan", "Lukas", "Hendra", "Rahmat"]
FAMILY = ["Santoso", "Wijaya", "Hasibuan", "Simanjuntak", "Putra", "Lestari", "Nugroho",
          "Saragih", "Siregar", "Kurniawan", "Pratama", "Halim", "Tanjung", "Sembiring"]
TITLES = [
    "Penolakan pembangunan rumah ibadah di {place}",
    "Ketegangan antarwarga terkait kegiatan keagamaan di {place}",
    "Sengketa lahan makam di {place}",
    "Ujaran kebencian bernuansa agama di media sosial, {place}",
    "Pembubaran pengajian di {place}",
    "Perselisihan penggunaan pengeras suara di {place}",
    "Penolakan pendirian sekolah keagamaan di {place}",
    "Isu penodaan agama di {place}",
]
CHRONOLOGY = (
    "Laporan diterima dari {channel}. Pada {date} terjadi {what} di {place}. "
    "Tokoh agama dan aparat desa telah dihubungi; situasi dipantau oleh KUA setempat. "
    "Para pihak bersedia hadir dalam musyawarah yang difasilitasi FKUB."
)
OPEN = {"dilaporkan", "terverifikasi", "ditangani", "pemantauan"}
YEAR_SECONDS = 365 * 86400


def pick(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Plan:
    """What to generate; the defaults give the distribution documented in benchmarks.md."""

    cases: int
    seed: int = 8
    years: int = 5
    batch: int = 10_000
    parties_per_case: float = 1.5
    actor_id: int | None = None


@dataclass
class Result:
    cases: int = 0
    events: int = 0
    parties: int = 0
    party_links: int = 0
    seconds: float = 0.0
    by_table: dict[str, int] = field(default_factory=dict)


class Writer:
    """Rows (dicts of attribute names) into one table: COPY on PostgreSQL, bulk_create
    elsewhere. Plain columns go to psycopg as they are; fields that store values in a
    form of their own (JSON, encrypted text, …) go through ``get_db_prep_save``."""

    # Exact types only: a subclass (say an encrypted TextField) may store another form.
    PLAIN = {models.CharField, models.TextField, models.SlugField, models.IntegerField,
             models.PositiveIntegerField, models.PositiveSmallIntegerField,
             models.BooleanField, models.FloatField, models.DateTimeField, models.ForeignKey,
             models.BigAutoField, models.AutoField}

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.postgres = connection.vendor == "postgresql"
        self.columns = [
            (f.attname, f.get_default(), None if type(f) in self.PLAIN else f.get_db_prep_save)
            for f in self.fields
        ]
        # Columns derived from another field on save() (a keyed hash for search,
        # selaras.core.fields.KeyedHashField): computed here, as pre_save would.
        self.derived = [(f.attname, f.source, f.compute) for f in self.fields
                        if hasattr(f, "source") and hasattr(f, "compute")]

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        for attname, source, compute in self.derived:
            for row in rows:
                row[attname] = compute(row.get(source, ""))
        if not self.postgres:
            self.model.objects.bulk_create([self.model(**row) for row in rows], batch_size=500)
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        columns = self.columns
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    values = []
                    for attname, default, prep in columns:
                        value = row.get(attname, default)
                        values.append(value if prep is None else prep(value, connection))
                    copy.write_row(values)


def _reserve_ids(model: type[models.Model], count: int) -> int:
    """First of ``count`` consecutive free ids (the sequence is moved past them)."""
    start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [table, start + count - 1],
            )
    return start


class Generator:
    def __init__(self, plan: Plan, *, out: Callable[[str], None] = lambda _m: None):
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.out = out
        self.now = timezone.now()
        villages = Region.objects.filter(level=RegionLevel.VILLAGE)
        self.villages = list(villages.values_list("code", "name"))
        if not self.villages:
            raise ValueError("No villages loaded: run `manage.py load_regions` first.")
        self.district_names = dict(
            Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", "name")
        )
        self.units = dict(Unit.objects.filter(is_active=True).values_list("code", "id"))
        if "pusat" not in self.units:
            raise ValueError("No offices: run `manage.py build_units` first.")
        categories = list(Category.objects.filter(parent=None).values_list("code", flat=True))
        if not categories:
            raise ValueError("No categories: run `manage.py migrate` first.")
        self.categories = categories
        self.subcategories = defaultdict(list)
        for code, parent in Category.objects.exclude(parent=None).values_list("code", "parent"):
            self.subcategories[parent].append(code)
        self.sequences: dict[tuple[str, int], int] = {
            (s.regency_code, s.year): s.last_value for s in CaseNumberSequence.objects.all()
        }

    # ------------------------------------------------------------------ rows

    def _unit_for(self, village: str, level: int) -> int:
        wanted = {1: village[:6], 2: village[:4], 3: village[:2]}[level]
        for code in (wanted, village[:4], village[:2], "pusat"):
            if code in self.units:
                return self.units[code]
        raise AssertionError("unreachable: pusat exists")

    def _number(self, regency: str, year: int) -> str:
        key = (regency, year)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return f"KSBK-{regency}-{year}-{self.sequences[key]:05d}"

    def _case(self, case_id: int) -> tuple[dict, list[dict]]:
        rng, now = self.rng, self.now
        village, village_name = rng.choice(self.villages)
        place = f"Desa {village_name}, Kec. {self.district_names.get(village[:6], '')}"
        level = pick(rng, LEVELS)
        status = pick(rng, STATUSES)
        channel = pick(rng, CHANNELS)
        reported = now - timedelta(seconds=rng.randrange(self.plan.years * YEAR_SECONDS))
        occurred = reported - timedelta(hours=rng.uniform(1, 96))
        category = rng.choice(self.categories)
        subs = self.subcategories.get(category)
        verified = started = resolved = closed = None
        if status not in ("dilaporkan", "ditolak"):
            verified = reported + timedelta(hours=rng.uniform(0.5, 60))
        if status in ("ditangani", "selesai", "pemantauan", "ditutup"):
            started = verified + timedelta(hours=rng.uniform(1, 96))
        if status in ("selesai", "pemantauan", "ditutup"):
            resolved = started + timedelta(days=rng.uniform(2, 60))
        if status == "ditutup":
            closed = resolved + timedelta(days=rng.uniform(1, 90))
        if status == "ditolak":
            closed = reported + timedelta(hours=rng.uniform(2, 72))
        last = closed or resolved or started or verified or reported
        person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        year = timezone.localtime(reported).year
        handled_by = self._unit_for(village, level)
        case = dict(
            id=case_id,
            number=self._number(village[:4], year),
            title=rng.choice(TITLES).format(place=place)[:200],
            chronology=CHRONOLOGY.format(
                channel=channel, date=occurred.date().isoformat(), place=place,
                what="ketegangan antarkelompok warga",
            ),
            category_id=category,
            subcategory_id=rng.choice(subs) if subs and rng.random() < 0.5 else None,
            scope=rng.choice(["intra", "antar", ""]),
            religions=rng.sample(RELIGIONS, rng.choice([1, 2, 2])),
            occurred_at=occurred,
            occurred_precision="day",
            reported_at=reported,
            location_id=village,
            province_code=village[:2],
            regency_code=village[:4],
            district_code=village[:6],
            address="",
            alert_level=level,
            legal_stage=pick(rng, STAGES),
            status=status,
            handling_unit_id=handled_by,
            source_channel=channel,
            reporter_name=person if rng.random() < 0.8 else "",
            reporter_contact=f"08{rng.randrange(10**9, 10**10)}" if rng.random() < 0.6 else "",
            confidential=rng.random() < 0.03,
            outcome=pick(rng, OUTCOMES) if resolved else "",
            reject_reason="bukan_ksbk" if status == "ditolak" else "",
            created_by_id=self.plan.actor_id,
            created_at=reported,
            updated_at=last,
            verified_at=verified,
            closed_at=closed,
            due_at=(reported + timedelta(days=30)) if status in OPEN else None,
            version=1 + sum(t is not None for t in (verified, started, resolved, closed)),
        )
        events = [dict(case_id=case_id, kind="created", to_status="dilaporkan",
                            to_unit_id=handled_by, created_at=reported,
                            actor_id=self.plan.actor_id,
                            data={"alert_level": level, "source_channel": channel})]
        steps = [("verify", verified, "dilaporkan", "terverifikasi"),
                 ("start", started, "terverifikasi", "ditangani"),
                 ("resolve", resolved, "ditangani", "selesai")]
        for action, when, before, after in steps:
            if when is not None:
                events.append(dict(case_id=case_id, kind="transition", action=action,
                                        from_status=before, to_status=after, created_at=when,
                                        actor_id=self.plan.actor_id, data={}))
        if status == "pemantauan":
            events.append(dict(case_id=case_id, kind="transition", action="monitor",
                                    from_status="selesai", to_status="pemantauan",
                                    created_at=resolved + timedelta(days=1),
                                    actor_id=self.plan.actor_id, data={}))
        if status == "ditutup":
            events.append(dict(case_id=case_id, kind="transition", action="close",
                                    from_status="selesai", to_status="ditutup", created_at=closed,
                                    actor_id=self.plan.actor_id, data={}))
        if status == "ditolak":
            events.append(dict(case_id=case_id, kind="transition", action="reject",
                                    from_status="dilaporkan", to_status="ditolak",
                                    created_at=closed, actor_id=self.plan.actor_id,
                                    reason="Bukan konflik berdimensi keagamaan.", data={}))
        return case, events

    def _party(self, party_id: int, village: str) -> dict:
        rng = self.rng
        kind = pick(rng, PARTY_KINDS)
        if kind == "perorangan":
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        elif kind == "rumah_ibadah":
            name = f"{rng.choice(['Masjid', 'Gereja', 'Pura', 'Vihara', 'Musala'])} " \
                   f"{rng.choice(FAMILY)}"
        else:
            name = f"{rng.choice(['Forum', 'Paguyuban', 'Yayasan', 'Ikatan'])} {rng.choice(FAMILY)}"
        return dict(
            id=party_id, kind=kind, name=name, religion=rng.choice(RELIGIONS),
            region_id=village, district_code=village[:6],
            nik=str(rng.randrange(10**15, 10**16)) if kind == "perorangan" and rng.random() < 0.4
            else "",
            created_by_id=self.plan.actor_id, created_at=self.now, updated_at=self.now,
            name_normalised=normalise_name(name)[:200],
        )

    # ------------------------------------------------------------------ run

    def run(self) -> Result:
        plan, rng = self.plan, self.rng
        result = Result()
        t0 = time.monotonic()
        case_writer, event_writer = Writer(Case), Writer(CaseEvent)
        party_writer, link_writer = Writer(Party), Writer(CaseParty)
        n_parties = max(1, int(plan.cases * plan.parties_per_case / 3))
        first_case = _reserve_ids(Case, plan.cases)
        events_per_case = 5
        first_event = _reserve_ids(CaseEvent, plan.cases * events_per_case)
        first_party = _reserve_ids(Party, n_parties)
        first_link = _reserve_ids(CaseParty, 3 * plan.cases)  # at most 3 links a case
        next_event, next_link, parties_made = first_event, first_link, 0
        party_villages: list[str] = []
        for offset in range(0, plan.cases, plan.batch):
            size = min(plan.batch, plan.cases - offset)
            cases, events, parties, links = [], [], [], []
            for i in range(size):
                case, case_events = self._case(first_case + offset + i)
                cases.append(case)
                for event in case_events:
                    event["id"] = next_event
                    next_event += 1
                events.extend(case_events)
                # Parties: each party belongs to a village; cases link 0–3 of them,
                # new ones while the pool grows, then existing ones of the same regency.
                k = rng.choices([0, 1, 2, 3], [15, 35, 35, 15])[0]
                used: set[tuple[int, str]] = set()
                for _ in range(k):
                    if parties_made < n_parties and (rng.random() < 0.7 or not party_villages):
                        party_id = first_party + parties_made
                        parties.append(self._party(party_id, case["location_id"]))
                        party_villages.append(case["location_id"])
                        parties_made += 1
                    else:
                        index = rng.randrange(parties_made)
                        party_id = first_party + index
                    role = rng.choice(PARTY_ROLES)
                    if (party_id, role) in used:
                        continue
                    used.add((party_id, role))
                    links.append(dict(id=next_link, case_id=case["id"], party_id=party_id,
                                      role=role, created_at=case["reported_at"],
                                      created_by_id=plan.actor_id))
                    next_link += 1
            with transaction.atomic():
                case_writer.write(cases)
                event_writer.write(events)
                party_writer.write(parties)
                link_writer.write(links)
            result.cases += len(cases)
            result.events += len(events)
            result.parties += len(parties)
            result.party_links += len(links)
            if result.cases % 100_000 == 0 or result.cases == plan.cases:
                self.out(f"{result.cases} cases, {result.events} events, {result.parties} "
                         f"parties ({time.monotonic() - t0:.0f} s)")
        self._store_sequences()
        result.seconds = time.monotonic() - t0
        return result

    def _store_sequences(self) -> None:
        existing = {(s.regency_code, s.year): s for s in CaseNumberSequence.objects.all()}
        new = []
        for (regency, year), value in self.sequences.items():
            row = existing.get((regency, year))
            if row is None:
                new.append(CaseNumberSequence(regency_code=regency, year=year, last_value=value))
            elif row.last_value != value:
                row.last_value = value
                row.save(update_fields=["last_value"])
        CaseNumberSequence.objects.bulk_create(new, batch_size=1000)


def analyse(tables: Iterable[str]) -> None:
    """Fresh planner statistics (and the visibility map, for index-only scans)."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction (tests wrap everything in one): ANALYZE then.
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{statement} {connection.ops.quote_name(table)}")


def first_synthetic_actor():
    """The account synthetic rows are attributed to (made once)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="synthetic", defaults={"full_name": "Data sintetis", "is_active": False}
    )
    return user


def describe(result: Result, started: datetime | None = None) -> str:
    rate = result.cases / result.seconds if result.seconds else 0
    return (f"{result.cases} cases, {result.events} events, {result.parties} parties, "
            f"{result.party_links} party links in {result.seconds:.0f} s ({rate:,.0f} cases/s)")
