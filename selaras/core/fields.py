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


def encrypt_in_place(app_label: str, model_name: str, *, encrypted: tuple[str, ...],
                     hashes: dict[str, tuple[str, str]] | None = None, batch: int = 500):
    """A ``RunPython`` operation that encrypts existing rows of these columns in place.

    Works on raw SQL (SQLite and PostgreSQL alike), so it neither depends on the
    historical model's field classes nor decrypts twice. ``hashes`` maps a hash
    column to ``(source column, normalise kind)``. Rows already encrypted are left
    alone, so the migration can be re-run after an interruption. The reverse
    operation decrypts in place (it needs the keys), so the migration is reversible.
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
        select = ", ".join(q(c) for c in columns)
        last = None
        with connection.cursor() as cursor:
            while True:
                where = "" if last is None else f" WHERE {q('id')} > %s"
                cursor.execute(
                    f"SELECT {q('id')}, {select} FROM {table}{where} ORDER BY {q('id')} LIMIT %s",
                    ([] if last is None else [last]) + [batch],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                for pk, *values in rows:
                    last = pk
                    current = dict(zip(columns, values, strict=True))
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
                    sets = ", ".join(f"{q(c)} = %s" for c in new)
                    cursor.execute(f"UPDATE {table} SET {sets} WHERE {q('id')} = %s",
                                   [*new.values(), pk])

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
