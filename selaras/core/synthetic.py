"""Synthetic data at scale for benchmarks (``manage.py seed_synthetic``; issue #8).

Generates realistic cases — every province, all alert levels and workflow states,
parties and timelines — fast and in bounded memory:

* rows are generated batch by batch (``batch`` cases at a time) and never kept;
* on PostgreSQL every table is filled with ``COPY … FROM STDIN``: the rows are turned
  into COPY text directly (one formatter per column, chosen once from the field type),
  and ids are allocated up front so the timeline and the party links can point at
  their case without reading anything back; on SQLite (tests, a laptop) the same rows
  go through ``bulk_create``;
* columns stored in a form of their own (encrypted personal data, keyed hashes) go
  through the model field's own ``get_db_prep_save``/``compute``, so they are written
  the way the ORM would write them; plain columns (text, numbers, dates, JSON) are
  formatted without the ORM;
* on PostgreSQL a second process generates the next batches while this one streams
  the current batch to the server (a bounded queue of ``QUEUE`` batches keeps memory
  flat): on two cores Python and PostgreSQL work at the same time;
* on PostgreSQL, when the four tables are empty, their secondary indexes and
  foreign-key/unique constraints are dropped for the load and rebuilt at the end in
  one pass each (``CREATE INDEX`` over a million rows is far cheaper than maintaining
  thirty indexes row by row, and one anti-join per foreign key is cheaper than a
  trigger per row). The whole load is then ONE transaction: DDL is transactional in
  PostgreSQL, so an error or a killed process rolls back the rows *and* the drops —
  the indexes cannot be lost. The rebuilt definitions are compared with the ones
  read from the catalogue before the drop (the migrations' definitions, whatever
  they are at the time), and any difference aborts the transaction. A table that
  already holds rows keeps its indexes (row-by-row maintenance, a commit per batch)
  unless ``indexes="rebuild"`` is asked for.

The cases bypass the services on purpose (speed): they are made the way the services
would make them (routing by level, number sequences, denormalised region codes, a
due date while open, verified/closed times consistent with the status), but no audit
rows or notifications are written. Never run it on a production database:
``seed_synthetic`` refuses a database that holds cases it did not make.
"""

from __future__ import annotations

import bisect
import json
import multiprocessing
import queue as queue_module
import random
import re
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from selaras.cases.models import Case, CaseEvent, CaseNumberSequence, Category
from selaras.core import crypto
from selaras.core.fields import EncryptedTextField
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
LINKS_PER_CASE = [(0, 15), (1, 35), (2, 35), (3, 15)]
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
# Tables filled (and, when empty, re-indexed in one pass at the end).
TABLES = ("cases_case", "cases_caseevent", "parties_party", "parties_caseparty")
QUEUE = 2  # batches generated ahead of the one being written (bounds memory)


def weighted(table) -> tuple[list, int]:
    """A list in which each value appears ``weight`` times, and its length: picking a
    uniform index gives the weighted distribution (one ``random()`` per pick instead
    of ``choices()`` rebuilding cumulative weights every time)."""
    values = [value for value, weight in table for _ in range(weight)]
    return values, len(values)


@dataclass
class Plan:
    """What to generate; the defaults give the distribution documented in benchmarks.md."""

    cases: int
    seed: int = 8
    years: int = 5
    batch: int = 10_000
    parties_per_case: float = 1.5
    actor_id: int | None = None
    # PostgreSQL only: "auto" drops and rebuilds secondary indexes when the tables are
    # empty, "rebuild" also when they are not, "keep" never.
    indexes: str = "auto"
    # PostgreSQL only: generate in a second process while this one writes.
    parallel: bool = True


@dataclass
class Result:
    cases: int = 0
    events: int = 0
    parties: int = 0
    party_links: int = 0
    seconds: float = 0.0
    indexes_rebuilt: int = 0
    rebuild_seconds: float = 0.0
    by_table: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- COPY text

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """A value in PostgreSQL's COPY text format (backslash escapes only where needed)."""
    if value is None:
        return "\\N"
    text = value if type(value) is str else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def _stamp(value) -> str:
    """An aware datetime for COPY (ISO 8601 with its offset)."""
    if value is None:
        return "\\N"
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}")
    return value.isoformat()


class Writer:
    """Rows (dicts of attribute names) into one table: COPY on PostgreSQL, bulk_create
    elsewhere. Each column gets a formatter chosen once from its field's exact type;
    a field type not known to be stored as it is (a subclass such as an encrypted
    TextField) goes through ``get_db_prep_save``."""

    TEXT = {models.CharField, models.TextField, models.SlugField, models.ForeignKey}
    INTEGER = {models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
               models.SmallIntegerField, models.BigIntegerField, models.BigAutoField,
               models.AutoField}

    def __init__(self, model: type[models.Model], using=None):
        self.model = model
        self.connection = using or connection
        self.fields = list(model._meta.concrete_fields)
        self.postgres = self.connection.vendor == "postgresql"
        # Columns derived from another field on save() (a keyed hash for search,
        # selaras.core.fields.KeyedHashField): computed here, as pre_save would.
        self.derived = [(f.attname, f.source, f.compute) for f in self.fields
                        if hasattr(f, "source") and hasattr(f, "compute")]
        q = self.connection.ops.quote_name
        self.copy_sql = (f"COPY {q(model._meta.db_table)} "
                         f"({', '.join(q(f.column) for f in self.fields)}) FROM STDIN")
        self.line = self._compile()

    def _compile(self) -> Callable[[dict], str]:
        """One function turning a row into its COPY line, made once per table: an
        f-string with one expression per column (no per-value loop or dispatch)."""
        namespace = {"text": copy_text, "stamp": _stamp}
        parts = []
        for i, f in enumerate(self.fields):
            namespace[f"D{i}"] = f.get_default()
            value = f"get({f.attname!r}, D{i})"
            kind = type(f)
            if kind in self.TEXT or kind in self.INTEGER:
                parts.append(f"{{text({value})}}")
            elif kind is models.DateTimeField:
                parts.append(f"{{stamp({value})}}")
            elif kind is models.BooleanField and not f.null:
                parts.append(f"{{'t' if {value} else 'f'}}")
            else:
                namespace[f"F{i}"] = self._formatter(f)
                parts.append(f"{{F{i}({value})}}")
        source = "def line(row):\n    get = row.get\n    return f\"" + "\\t".join(parts) + "\"\n"
        exec(compile(source, f"<COPY line of {self.model._meta.db_table}>", "exec"), namespace)
        return namespace["line"]

    def _formatter(self, f: models.Field) -> Callable:
        kind = type(f)
        if kind is models.FloatField:
            return lambda value: "\\N" if value is None else repr(float(value))
        if kind is models.JSONField:
            encoder = f.encoder

            def as_json(value):
                if value is None:
                    return "\\N"
                if not value and isinstance(value, (dict, list)):
                    return "{}" if isinstance(value, dict) else "[]"
                return copy_text(json.dumps(value, cls=encoder))
            return as_json
        if kind is EncryptedTextField:
            # What EncryptedTextField.get_prep_value does with plaintext, minus the
            # generic Django steps in between (a third of the time of a case row).
            def sealed(value):
                if value is None:
                    return "\\N"
                if value == "":
                    return ""
                if crypto.is_encrypted(value):
                    value = crypto.decrypt(value)
                return copy_text(crypto.encrypt(str(value)))
            return sealed
        prep, conn = f.get_db_prep_save, self.connection

        def prepared(value):
            return copy_text(prep(value, conn))
        return prepared

    def _derive(self, rows: list[dict]) -> None:
        for attname, source, compute in self.derived:
            for row in rows:
                row[attname] = compute(row.get(source, ""))

    def copy_payload(self, rows: list[dict]) -> bytes:
        """The rows as one block of COPY text (derived columns filled in)."""
        self._derive(rows)
        line = self.line
        lines = [line(row) for row in rows]
        lines.append("")
        return "\n".join(lines).encode("utf-8")

    def copy(self, payload: bytes) -> None:
        if not payload:
            return
        with self.connection.cursor() as cursor:
            with cursor.cursor.copy(self.copy_sql) as copy:
                copy.write(payload)

    def write(self, rows: list[dict]) -> None:
        if not rows:
            return
        if self.postgres:
            self.copy(self.copy_payload(rows))
            return
        self._derive(rows)
        self.model.objects.bulk_create([self.model(**row) for row in rows], batch_size=500)


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


# --------------------------------------------------------------------------- indexes


def secondary_indexes(tables: Iterable[str] = TABLES) -> dict[str, list[tuple[str, str, str]]]:
    """What a bulk load can drop and rebuild, as the catalogue defines it now:
    ``constraints`` (unique and foreign-key constraints declared on these tables,
    unique ones first, minus unique constraints a foreign key elsewhere depends on)
    and ``indexes`` (every other non-primary index); each ``(table, name, definition)``.
    Primary keys and CHECK constraints stay."""
    tables = list(tables)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f')
              AND NOT (c.contype = 'u' AND EXISTS (
                  SELECT 1 FROM pg_constraint f
                  WHERE f.contype = 'f' AND f.conindid = c.conindid))
            ORDER BY c.contype = 'f', c.conrelid::regclass::text, c.conname
            """,
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text,
                   pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                              WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
            ORDER BY 1, 2
            """,
            [tables],
        )
        indexes = cursor.fetchall()
    return {"constraints": constraints, "indexes": indexes}


def drop_secondary_indexes(found: dict) -> None:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name, _definition in reversed(found["constraints"]):  # foreign keys first
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
        for _table, name, _definition in found["indexes"]:
            cursor.execute(f"DROP INDEX {name}")


def rebuild_secondary_indexes(found: dict, tables: Iterable[str] = TABLES) -> None:
    """Recreate what ``drop_secondary_indexes`` dropped, then check the catalogue
    matches what was read before the drop (raises, so the transaction rolls back)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '128MB'")
        for table, name, definition in found["constraints"]:  # unique ones first
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {q(name)} {definition}")
        for _table, _name, definition in found["indexes"]:
            cursor.execute(definition)
    now, before = _comparable(secondary_indexes(tables)), _comparable(found)
    if now != before:
        raise RuntimeError(f"Rebuilt indexes and constraints differ from the original ones: "
                           f"missing {sorted(before - now)}, unexpected {sorted(now - before)}")


def _comparable(found: dict) -> set[tuple[str, str, str]]:
    """Definitions without casts, parentheses and spaces: PostgreSQL deparses a
    recreated partial index's predicate with the casts in other places
    (``(ARRAY['a'::character varying])::text[]`` comes back as
    ``ARRAY[('a'::character varying)::text]``), the same condition."""
    return {(table, name, re.sub(r"::[a-z ]+(\[\])?|[() ]", "", definition))
            for key in ("constraints", "indexes") for table, name, definition in found[key]}


# --------------------------------------------------------------------------- generator


class GeneratorFailed(RuntimeError):
    """The generating process failed (its traceback is the message)."""


class Generator:
    def __init__(self, plan: Plan, *, out: Callable[[str], None] = lambda _m: None):
        if plan.indexes not in ("auto", "rebuild", "keep"):
            raise ValueError("indexes must be auto, rebuild or keep.")
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.out = out
        self.now = timezone.now()
        villages = Region.objects.filter(level=RegionLevel.VILLAGE)
        self.villages = list(villages.values_list("code", "name"))
        if not self.villages:
            raise ValueError("No villages loaded: run `manage.py load_regions` first.")
        district_names = dict(
            Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", "name")
        )
        # Per village, everything a case derives from it (computed once, not per case).
        self.units = dict(Unit.objects.filter(is_active=True).values_list("code", "id"))
        if "pusat" not in self.units:
            raise ValueError("No offices: run `manage.py build_units` first.")
        self.places = [
            (code, f"Desa {name}, Kec. {district_names.get(code[:6], '')}",
             (None, *(self._unit_for(code, level) for level in (1, 2, 3))))
            for code, name in self.villages
        ]
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
        self.people = [f"{g} {f}" for g in GIVEN for f in FAMILY]
        self.levels, self.statuses = weighted(LEVELS), weighted(STATUSES)
        self.channels, self.stages = weighted(CHANNELS), weighted(STAGES)
        self.outcomes, self.party_kinds = weighted(OUTCOMES), weighted(PARTY_KINDS)
        self.links_per_case = weighted(LINKS_PER_CASE)
        # Local year boundaries as seconds before now, newest first (case numbers use
        # the local year of the report): a bisect instead of a time zone conversion.
        tz = timezone.get_current_timezone()
        this_year = timezone.localtime(self.now).year
        self.year_back = [(self.now - datetime(y, 1, 1, tzinfo=tz)).total_seconds()
                          for y in range(this_year, this_year - plan.years - 2, -1)]
        self.this_year = this_year

    # ------------------------------------------------------------------ rows

    def _unit_for(self, village: str, level: int) -> int:
        wanted = {1: village[:6], 2: village[:4], 3: village[:2]}[level]
        for code in (wanted, village[:4], village[:2], "pusat"):
            if code in self.units:
                return self.units[code]
        raise AssertionError("unreachable: pusat exists")

    def _year(self, seconds_back: int) -> int:
        """The local year of the moment ``seconds_back`` seconds before ``now``."""
        return self.this_year - bisect.bisect_left(self.year_back, seconds_back)

    def _number(self, regency: str, year: int) -> str:
        key = (regency, year)
        value = self.sequences[key] = self.sequences.get(key, 0) + 1
        return f"KSBK-{regency}-{year}-{value:05d}"

    def _case(self, case_id: int) -> tuple[dict, list[dict]]:
        rng, now, actor = self.rng, self.now, self.plan.actor_id
        rand = rng.random
        village, place, units = self.places[int(rand() * len(self.places))]
        level = self.levels[0][int(rand() * self.levels[1])]
        status = self.statuses[0][int(rand() * self.statuses[1])]
        channel = self.channels[0][int(rand() * self.channels[1])]
        back = int(rand() * self.plan.years * YEAR_SECONDS)
        reported = now - timedelta(seconds=back)
        occurred = reported - timedelta(hours=1 + 95 * rand())
        category = self.categories[int(rand() * len(self.categories))]
        subs = self.subcategories.get(category)
        verified = started = resolved = closed = None
        if status != "dilaporkan" and status != "ditolak":
            verified = reported + timedelta(hours=0.5 + 59.5 * rand())
            if status != "terverifikasi":
                started = verified + timedelta(hours=1 + 95 * rand())
                if status != "ditangani":
                    resolved = started + timedelta(days=2 + 58 * rand())
                    if status == "ditutup":
                        closed = resolved + timedelta(days=1 + 89 * rand())
        elif status == "ditolak":
            closed = reported + timedelta(hours=2 + 70 * rand())
        last = closed or resolved or started or verified or reported
        handled_by = units[level]
        first = int(rand() * 6)  # one religion or two different ones (as rng.sample)
        if rand() < 1 / 3:
            religions = [RELIGIONS[first]]
        else:
            second = int(rand() * 5)
            religions = [RELIGIONS[first], RELIGIONS[second + (second >= first)]]
        case = dict(
            id=case_id,
            number=self._number(village[:4], self._year(back)),
            title=TITLES[int(rand() * len(TITLES))].format(place=place)[:200],
            chronology=CHRONOLOGY.format(
                channel=channel, date=occurred.date().isoformat(), place=place,
                what="ketegangan antarkelompok warga",
            ),
            category_id=category,
            subcategory_id=subs[int(rand() * len(subs))] if subs and rand() < 0.5 else None,
            scope=("intra", "antar", "")[int(rand() * 3)],
            religions=religions,
            occurred_at=occurred,
            occurred_precision="day",
            reported_at=reported,
            location_id=village,
            province_code=village[:2],
            regency_code=village[:4],
            district_code=village[:6],
            address="",
            alert_level=level,
            legal_stage=self.stages[0][int(rand() * self.stages[1])],
            status=status,
            handling_unit_id=handled_by,
            source_channel=channel,
            reporter_name=self.people[int(rand() * len(self.people))] if rand() < 0.8 else "",
            reporter_contact=f"08{10**9 + int(rand() * 9 * 10**9)}" if rand() < 0.6 else "",
            confidential=rand() < 0.03,
            outcome=self.outcomes[0][int(rand() * self.outcomes[1])] if resolved else "",
            reject_reason="bukan_ksbk" if status == "ditolak" else "",
            created_by_id=actor,
            created_at=reported,
            updated_at=last,
            verified_at=verified,
            closed_at=closed,
            due_at=(reported + timedelta(days=30)) if status in OPEN else None,
            version=1 + sum(t is not None for t in (verified, started, resolved, closed)),
        )
        events = [dict(case_id=case_id, kind="created", to_status="dilaporkan",
                       to_unit_id=handled_by, created_at=reported, actor_id=actor,
                       data={"alert_level": level, "source_channel": channel})]
        if verified is not None:
            events.append(dict(case_id=case_id, kind="transition", action="verify",
                               from_status="dilaporkan", to_status="terverifikasi",
                               created_at=verified, actor_id=actor))
        if started is not None:
            events.append(dict(case_id=case_id, kind="transition", action="start",
                               from_status="terverifikasi", to_status="ditangani",
                               created_at=started, actor_id=actor))
        if resolved is not None:
            events.append(dict(case_id=case_id, kind="transition", action="resolve",
                               from_status="ditangani", to_status="selesai",
                               created_at=resolved, actor_id=actor))
        if status == "pemantauan":
            events.append(dict(case_id=case_id, kind="transition", action="monitor",
                               from_status="selesai", to_status="pemantauan",
                               created_at=resolved + timedelta(days=1), actor_id=actor))
        elif status == "ditutup":
            events.append(dict(case_id=case_id, kind="transition", action="close",
                               from_status="selesai", to_status="ditutup", created_at=closed,
                               actor_id=actor))
        elif status == "ditolak":
            events.append(dict(case_id=case_id, kind="transition", action="reject",
                               from_status="dilaporkan", to_status="ditolak",
                               created_at=closed, actor_id=actor,
                               reason="Bukan konflik berdimensi keagamaan."))
        return case, events

    def _party(self, party_id: int, village: str) -> dict:
        rng = self.rng
        rand = rng.random
        kind = self.party_kinds[0][int(rand() * self.party_kinds[1])]
        if kind == "perorangan":
            name = self.people[int(rand() * len(self.people))]
        elif kind == "rumah_ibadah":
            name = f"{rng.choice(['Masjid', 'Gereja', 'Pura', 'Vihara', 'Musala'])} " \
                   f"{rng.choice(FAMILY)}"
        else:
            name = f"{rng.choice(['Forum', 'Paguyuban', 'Yayasan', 'Ikatan'])} {rng.choice(FAMILY)}"
        return dict(
            id=party_id, kind=kind, name=name, religion=rng.choice(RELIGIONS),
            region_id=village, district_code=village[:6],
            nik=str(10**15 + int(rand() * 9 * 10**15)) if kind == "perorangan" and rand() < 0.4
            else "",
            created_by_id=self.plan.actor_id, created_at=self.now, updated_at=self.now,
            name_normalised=normalise_name(name)[:200],
        )

    def batches(self, first_case: int, first_event: int, first_party: int,
                first_link: int) -> Iterator[tuple[list, list, list, list]]:
        """(cases, events, parties, links) row dicts, ``plan.batch`` cases at a time."""
        plan, rng = self.plan, self.rng
        rand = rng.random
        n_parties = self.party_count()
        links_values, links_n = self.links_per_case
        next_event, next_link, parties_made = first_event, first_link, 0
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
                # new ones while the pool grows, then existing ones.
                k = links_values[int(rand() * links_n)]
                used: set[tuple[int, str]] = set()
                for _ in range(k):
                    if parties_made < n_parties and (rand() < 0.7 or not parties_made):
                        party_id = first_party + parties_made
                        parties.append(self._party(party_id, case["location_id"]))
                        parties_made += 1
                    else:
                        party_id = first_party + int(rand() * parties_made)
                    role = PARTY_ROLES[int(rand() * len(PARTY_ROLES))]
                    if (party_id, role) in used:
                        continue
                    used.add((party_id, role))
                    links.append(dict(id=next_link, case_id=case["id"], party_id=party_id,
                                      role=role, created_at=case["reported_at"],
                                      created_by_id=plan.actor_id))
                    next_link += 1
            yield cases, events, parties, links

    def party_count(self) -> int:
        return max(1, int(self.plan.cases * self.plan.parties_per_case / 3))

    # ------------------------------------------------------------------ run

    def run(self) -> Result:
        plan = self.plan
        result = Result()
        t0 = time.monotonic()
        writers = [Writer(Case), Writer(CaseEvent), Writer(Party), Writer(CaseParty)]
        ids = (_reserve_ids(Case, plan.cases),
               _reserve_ids(CaseEvent, plan.cases * 5),  # at most 5 events a case
               _reserve_ids(Party, self.party_count()),
               _reserve_ids(CaseParty, 3 * plan.cases))  # at most 3 links a case
        postgres = connection.vendor == "postgresql"
        rebuild = postgres and (plan.indexes == "rebuild" or (
            plan.indexes == "auto" and not any(w.model.objects.exists() for w in writers)))
        if postgres and plan.indexes == "auto" and not rebuild:
            self.out("The tables already hold rows: indexes are kept and maintained row by "
                     "row (slower; --indexes=rebuild drops and rebuilds them).")
        if rebuild:
            # One transaction: the drops, the rows and the rebuild commit together or
            # not at all (PostgreSQL DDL is transactional).
            with transaction.atomic():
                if connection.in_atomic_block:
                    # Fire pending deferred checks now: PostgreSQL refuses to alter a
                    # table with pending trigger events.
                    connection.check_constraints()
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
                found = secondary_indexes()
                drop_secondary_indexes(found)
                self._load(ids, writers, result, t0, per_batch_transactions=False)
                self.out(f"Rebuilding {len(found['constraints'])} constraints and "
                         f"{len(found['indexes'])} indexes …")
                t1 = time.monotonic()
                rebuild_secondary_indexes(found)
                result.rebuild_seconds = time.monotonic() - t1
                result.indexes_rebuilt = len(found["constraints"]) + len(found["indexes"])
                self._store_sequences()
        else:
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET synchronous_commit = off")
            try:
                self._load(ids, writers, result, t0, per_batch_transactions=True)
            finally:
                if postgres:
                    with connection.cursor() as cursor:
                        cursor.execute("RESET synchronous_commit")
            self._store_sequences()
        result.seconds = time.monotonic() - t0
        return result

    def _load(self, ids, writers, result: Result, t0: float, *,
              per_batch_transactions: bool) -> None:
        parallel = self.plan.parallel and writers[0].postgres
        source = self._produced(ids, writers) if parallel else self._serial(ids, writers)
        with closing(source):  # a failure here stops the generating process at once
            self._consume(source, writers, result, t0, per_batch_transactions)

    def _consume(self, source, writers, result, t0, per_batch_transactions) -> None:
        for counts, payloads in source:
            with transaction.atomic() if per_batch_transactions else nullcontext():
                for writer, payload in zip(writers, payloads, strict=True):
                    if writer.postgres:
                        writer.copy(payload)
                    else:
                        writer.write(payload)
            result.cases += counts[0]
            result.events += counts[1]
            result.parties += counts[2]
            result.party_links += counts[3]
            if result.cases % 100_000 == 0 or result.cases == self.plan.cases:
                self.out(f"{result.cases} cases, {result.events} events, {result.parties} "
                         f"parties ({time.monotonic() - t0:.0f} s)")

    def _serial(self, ids, writers):
        for rows in self.batches(*ids):
            counts = [len(r) for r in rows]
            if writers[0].postgres:
                yield counts, [w.copy_payload(r) for w, r in zip(writers, rows, strict=True)]
            else:
                yield counts, rows

    def _produced(self, ids, writers):
        """Batches as COPY text made by a forked process, ``QUEUE`` ahead at most.

        The child inherits everything read from the database and never touches the
        connection (it ends with ``os._exit``, as multiprocessing's fork does, so the
        parent's session is not closed under it). The final number sequences come
        back with the last message."""
        context = multiprocessing.get_context("fork")
        channel = context.Queue(maxsize=QUEUE)
        child = context.Process(target=self._produce, args=(ids, writers, channel),
                                daemon=True)
        child.start()
        try:
            while True:
                try:
                    message = channel.get(timeout=5)
                except queue_module.Empty:
                    if not child.is_alive():
                        raise GeneratorFailed(
                            f"the generating process ended (exit code {child.exitcode})"
                        ) from None
                    continue
                kind, payload = message
                if kind == "batch":
                    yield payload
                elif kind == "done":
                    self.sequences = payload
                    break
                else:
                    raise GeneratorFailed(payload)
            child.join(timeout=30)
        finally:
            if child.is_alive():
                child.terminate()
                child.join(timeout=10)
            channel.close()

    def _produce(self, ids, writers, channel) -> None:
        try:
            for rows in self.batches(*ids):
                channel.put(("batch", ([len(r) for r in rows],
                                       [w.copy_payload(r)
                                        for w, r in zip(writers, rows, strict=True)])))
            channel.put(("done", self.sequences))
        except BaseException:
            channel.put(("error", traceback.format_exc()))
        channel.close()
        channel.join_thread()

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
    rebuilt = (f"; {result.indexes_rebuilt} indexes and constraints rebuilt in "
               f"{result.rebuild_seconds:.0f} s" if result.indexes_rebuilt else "")
    return (f"{result.cases} cases, {result.events} events, {result.parties} parties, "
            f"{result.party_links} party links in {result.seconds:.0f} s "
            f"({rate:,.0f} cases/s){rebuilt}")
