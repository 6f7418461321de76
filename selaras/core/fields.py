"""Model fields for personal data encrypted at rest (see ``selaras.core.crypto``).

``EncryptedTextField`` keeps ``enc:v1:<token>`` in a text column and gives the
plaintext back on read. Empty stays empty (so ``field=""`` checks and constraints
keep working). Every non-empty value is encrypted on the way in — there is no path
that stores plaintext — and a value that cannot be decrypted raises
``DecryptionError`` instead of returning garbage.

Ciphertext is randomised, so SQL cannot compare, order or search by such a field:
lookups other than ``isnull`` and equality with "" raise ``FieldError``. For
exact-match search add a ``KeyedHashField(source=...)``: an indexed HMAC of the
normalised value, recomputed on every ``save()`` (not by ``QuerySet.update()``).
"""

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from . import crypto


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, label=self._label())

    def to_python(self, value):
        if crypto.is_encrypted(value):
            return crypto.decrypt(value, label=self._label())
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(
            f"{self._label()} is encrypted: it cannot be searched or compared in SQL "
            "(use its keyed hash column for exact matches)."
        )

    def _label(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else (self.name or "value")


class EmptyOnlyExact(Exact):
    """``encrypted_field=""`` works (empty is stored empty); any other value cannot."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            target = getattr(self.lhs, "target", None)
            label = target._label() if hasattr(target, "_label") else "This field"
            raise FieldError(f"{label} is encrypted: compare its keyed hash instead.")
        return self.rhs


class KeyedHashField(models.CharField):
    """HMAC-SHA256 of another field's normalised value, kept up to date on save()."""

    def __init__(self, *args, source: str = "", normalise: str = "text", **kwargs):
        self.source = source
        self.normalise = normalise
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["normalise"] = self.normalise
        return name, path, args, kwargs

    def compute(self, value) -> str:
        return crypto.keyed_hash(value or "", self.normalise)

    def pre_save(self, model_instance, add):
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


# --------------------------------------------------------------------------- migrations


def update_many(connection, table: str, columns: list[str], rows: list[tuple], *,
                casts: dict[str, str] | None = None, key: str = "id") -> None:
    """Set ``columns`` of many rows at once; ``rows`` are ``(key, value, …)`` tuples.

    PostgreSQL: one ``UPDATE … FROM (VALUES …)`` per call (a round trip and a plan
    for the whole chunk instead of one per row); ``casts`` maps a column to the SQL
    type its text value is cast to (``jsonb``). Elsewhere (SQLite, in process): one
    prepared ``UPDATE`` run for every row. Column and table names are trusted (they
    come from the models), values are parameters.
    """
    if not rows:
        return
    q = connection.ops.quote_name
    casts = casts or {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            row_sql = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
            sets = ", ".join(
                f"{q(c)} = v.{q(c)}" + (f"::{casts[c]}" if c in casts else "") for c in columns
            )
            names = ", ".join(q(c) for c in [key, *columns])
            cursor.execute(
                f"UPDATE {q(table)} AS t SET {sets} "
                f"FROM (VALUES {', '.join([row_sql] * len(rows))})"
                f" AS v({names}) WHERE t.{q(key)} = v.{q(key)}",
                [value for row in rows for value in row],
            )
        else:
            sets = ", ".join(f"{q(c)} = %s" for c in columns)
            cursor.executemany(f"UPDATE {q(table)} SET {sets} WHERE {q(key)} = %s",
                               [(*row[1:], row[0]) for row in rows])


def encrypt_in_place(app_label: str, model_name: str, *, encrypted: tuple[str, ...],
                     hashes: dict[str, tuple[str, str]] | None = None, batch: int = 2000):
    """A ``RunPython`` operation that encrypts existing rows of these columns in place.

    Works on raw SQL (SQLite and PostgreSQL alike), so it neither depends on the
    historical model's field classes nor decrypts twice. ``hashes`` maps a hash
    column to ``(source column, normalise kind)``. Rows already encrypted are left
    alone, so the migration can be re-run after an interruption. The reverse
    operation decrypts in place (it needs the keys), so the migration is reversible.

    Rows are read in primary-key chunks of ``batch`` and each chunk's changed rows are
    written with ONE statement (``update_many``): an upgrade of a database with a
    million cases no longer sends a million single-row UPDATEs. A changed row gets all
    its encrypted and hash columns written (the unchanged ones with the value they
    already had), which is the same result as the former one-UPDATE-per-row walk.
    """
    hashes = hashes or {}

    def _walk(apps, schema_editor, convert):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        q = connection.ops.quote_name
        table = q(model._meta.db_table)
        columns = [model._meta.get_field(name).column for name in encrypted]
        hash_columns = {model._meta.get_field(h).column: (model._meta.get_field(src).column, kind)
                        for h, (src, kind) in hashes.items()}
        written = [*columns, *hash_columns]
        select = ", ".join(q(c) for c in written)
        last = None
        while True:
            where = "" if last is None else f" WHERE {q('id')} > %s"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {q('id')}, {select} FROM {table}{where} ORDER BY {q('id')} LIMIT %s",
                    ([] if last is None else [last]) + [batch],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for pk, *values in rows:
                last = pk
                current = dict(zip(columns, values[:len(columns)], strict=True))
                stored = dict(zip(written, values, strict=True))
                changed = convert(current)
                if changed is None:
                    continue
                plain, new = changed
                for hash_column, (source, kind) in hash_columns.items():
                    digest = crypto.keyed_hash(plain.get(source) or "", kind)
                    if digest or new:
                        new[hash_column] = digest
                if not new:
                    continue  # nothing to encrypt, no hash (the column default is "")
                updates.append((pk, *(new.get(c, stored[c]) for c in written)))
            update_many(connection, model._meta.db_table, written, updates)

    def forwards(apps, schema_editor):
        def convert(current):
            plain, new = {}, {}
            for column, value in current.items():
                value = value or ""
                if crypto.is_encrypted(value):
                    plain[column] = crypto.decrypt(value)
                else:
                    plain[column] = value
                    if value:
                        new[column] = crypto.encrypt(value)
            return plain, new

        _walk(apps, schema_editor, convert)

    def backwards(apps, schema_editor):
        def convert(current):
            plain, new = {}, {}
            for column, value in current.items():
                value = value or ""
                plain[column] = crypto.decrypt(value) if crypto.is_encrypted(value) else value
                if plain[column] != value:
                    new[column] = plain[column]
            return (plain, new) if new else None

        _walk(apps, schema_editor, convert)

    from django.db import migrations

    return migrations.RunPython(forwards, backwards, elidable=False)
