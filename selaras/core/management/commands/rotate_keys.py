"""Re-encrypt personal data with the newest field-encryption key.

Key rotation, step by step (docs/security.md, "Encryption at rest"):

1. ``manage.py rotate_keys --generate`` prints a new key.
2. Put it FIRST in ``FIELD_ENCRYPTION_KEYS`` (or the first line of ``DATA_DIR/field_keys``),
   keep the old keys after it, restart the application (new writes use the new key,
   old values stay readable).
3. ``manage.py rotate_keys`` re-encrypts every encrypted column (and the sealed
   personal values in case timelines) with the newest key, in batches of
   ``--batch-size`` rows, each batch in its own transaction. Values already under the
   newest key are skipped, so an interrupted run is resumed by running it again.
4. When it reports ``0 unreadable`` remove the old keys.

The keyed-hash secret (``FIELD_HASH_KEY``) is not rotated by default: the hash is a
search index, not a lock, and changing its key means recomputing every hash at once.
To change it, set the new secret and run ``rotate_keys --rehash`` (it decrypts each
value and recomputes its hash; search by NIK is wrong for rows not yet done).
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from selaras.core import crypto
from selaras.core.fields import EncryptedTextField, KeyedHashField

PERSONAL_EVENT_FIELDS = ("reporter_name", "reporter_contact")


class Counts:
    def __init__(self):
        self.rotated = self.current = self.encrypted = self.rehashed = 0
        self.unreadable: list[str] = []

    def line(self, label: str) -> str:
        return (f"{label}: {self.rotated} re-encrypted, {self.current} already current, "
                f"{self.encrypted} encrypted (were plain), {self.rehashed} re-hashed, "
                f"{len(self.unreadable)} unreadable")


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields with the newest key (batched, resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true",
                            help="Print a new Fernet key and exit.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--rehash", action="store_true",
                            help="Also recompute the keyed-hash columns (after FIELD_HASH_KEY "
                                 "changed).")

    def handle(self, *args, generate=False, batch_size=500, rehash=False, **options):
        if generate:
            self.stdout.write(crypto.generate_key())
            return
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        crypto.reset()
        keys = crypto.configured_keys()
        self.stdout.write(f"{len(keys)} key(s) configured; newest {crypto.fingerprint(keys[0])}.")
        unreadable = []
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            hashes = [f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)]
            for field in fields:
                counts = self._rotate_column(model, field, hashes if rehash else [], batch_size)
                self.stdout.write(counts.line(f"{model._meta.label}.{field.name}"))
                unreadable += counts.unreadable
        counts = self._rotate_events(batch_size)
        self.stdout.write(counts.line("cases.CaseEvent personal changes"))
        unreadable += counts.unreadable
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} value(s) cannot be decrypted with the configured keys "
                f"(first: {', '.join(unreadable[:5])}). Put the old key back in the list and "
                "run again; do not remove keys until this reports 0 unreadable."
            )
        self.stdout.write(self.style.SUCCESS(
            "Done: every value is encrypted with the newest key; older keys may be removed."))

    # ----------------------------------------------------------------- columns

    def _rotate_column(self, model, field, hashes, batch_size) -> Counts:
        counts = Counts()
        q = connection.ops.quote_name
        table, pk, column = (q(model._meta.db_table), q(model._meta.pk.column), q(field.column))
        own_hashes = [h for h in hashes if h.source == field.name]
        last = None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {pk} > %s " if last is not None else ""
                cursor.execute(
                    f"SELECT {pk}, {column} FROM {table} {where}ORDER BY {pk} LIMIT %s",
                    ([last] if last is not None else []) + [batch_size],
                )
                rows = cursor.fetchall()
                if not rows:
                    return counts
                for row_pk, stored in rows:
                    last = row_pk
                    if not stored:
                        continue
                    sets = {}
                    try:
                        plain = (crypto.decrypt(stored) if crypto.is_encrypted(stored)
                                 else stored)
                        if not crypto.is_encrypted(stored):
                            sets[field.column] = crypto.encrypt(stored)
                            counts.encrypted += 1
                        elif crypto.needs_rotation(stored):
                            sets[field.column] = crypto.rotate(stored)
                            counts.rotated += 1
                        else:
                            counts.current += 1
                    except crypto.DecryptionError:
                        counts.unreadable.append(f"{model._meta.label}.{field.name} pk={row_pk}")
                        continue
                    for hash_field in own_hashes:
                        value = hash_field.compute(plain)
                        sets[hash_field.column] = value
                        counts.rehashed += 1
                    if sets:
                        assignments = ", ".join(f"{q(c)} = %s" for c in sets)
                        # Compare-and-set: a value changed meanwhile is left to its writer.
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s AND {column} = %s",
                            [*sets.values(), row_pk, stored],
                        )

    # ----------------------------------------------------------------- timelines

    def _rotate_events(self, batch_size) -> Counts:
        from selaras.cases.models import CaseEvent
        from selaras.cases.models.event import EventKind

        counts = Counts()
        last = 0
        while True:
            with transaction.atomic():
                events = list(CaseEvent.objects.filter(kind=EventKind.UPDATED, pk__gt=last)
                              .order_by("pk").only("pk", "data")[:batch_size])
                if not events:
                    return counts
                for event in events:
                    last = event.pk
                    changes = (event.data or {}).get("changes") if isinstance(event.data,
                                                                                dict) else None
                    if not isinstance(changes, dict):
                        continue
                    changed = False
                    for name in PERSONAL_EVENT_FIELDS:
                        values = changes.get(name)
                        if not isinstance(values, list):
                            continue
                        new_values = []
                        for value in values:
                            if not isinstance(value, str) or not value:
                                new_values.append(value)
                                continue
                            try:
                                if not crypto.is_encrypted(value):
                                    new_values.append(crypto.encrypt(value))
                                    counts.encrypted += 1
                                elif crypto.needs_rotation(value):
                                    new_values.append(crypto.rotate(value))
                                    counts.rotated += 1
                                else:
                                    new_values.append(value)
                                    counts.current += 1
                            except crypto.DecryptionError:
                                counts.unreadable.append(f"cases.CaseEvent pk={event.pk}")
                                new_values.append(value)
                        if new_values != values:
                            changes[name] = new_values
                            changed = True
                    if changed:
                        CaseEvent.objects.filter(pk=event.pk).update(data=event.data)
