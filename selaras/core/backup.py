"""Backup and verified restore of a whole instance (``manage.py backup`` / ``restore``).

An archive is one ``.tar.gz`` holding:

* ``manifest.json`` — format name and version, creation time, database engine,
  the applied Django migrations, every other file of the archive with its size and
  SHA-256, row counts of the main tables (taken from the same snapshot as the dump),
  whether the encryption keys are inside, and the warnings given at backup time;
* ``database/selaras.sqlite3`` (SQLite, copied with the online backup API, so the
  instance keeps running) or ``database/selaras.pgdump`` (PostgreSQL,
  ``pg_dump --format=custom`` inside a REPEATABLE READ snapshot shared with the counts);
* ``media/…`` — everything under ``MEDIA_ROOT`` (the attachments live in
  ``MEDIA_ROOT/attachments``);
* ``keys/field_keys`` and ``keys/field_hash_key`` — the field-encryption keys and the
  keyed-hash secret under ``DATA_DIR``, if they are there. Without them (or when the
  keys come from the environment) the command warns loudly: the keys are then kept
  elsewhere and must be backed up separately.

Restore checks everything before it touches anything: the archive must read to the
end, carry a manifest of a known version, contain exactly the listed files with the
listed sizes and checksums, match the configured database engine, and the target
instance must be empty (no cases, no users). Only then is the database put in place
(SQLite: the file is swapped in; PostgreSQL: ``pg_restore`` into the configured
database) and the files copied; the restored row counts are compared with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT_NAME = "selaras-backup"
MANIFEST_VERSION = 1
MANIFEST_NAME = "manifest.json"
SQLITE_MEMBER = "database/selaras.sqlite3"
PG_MEMBER = "database/selaras.pgdump"
MEDIA_PREFIX = "media/"
KEYS_PREFIX = "keys/"
# Key files under DATA_DIR (selaras.core.crypto): the field-encryption keys and the
# keyed-hash secret of exact-match search. Settings name them; these are the defaults.
KEY_FILES = {
    "field_keys": ("FIELD_ENCRYPTION_KEY_FILE", "FIELD_ENCRYPTION_KEYS"),
    "field_hash_key": ("FIELD_HASH_KEY_FILE", "FIELD_HASH_KEY"),
}
CHUNK = 1024 * 1024

# Tables whose row counts go into the manifest and are compared after a restore.
COUNTED_MODELS = (
    "accounts.User",
    "org.Unit",
    "org.Membership",
    "regions.Region",
    "cases.Case",
    "cases.CaseEvent",
    "cases.Note",
    "parties.Party",
    "parties.CaseParty",
    "handling.HandlingAction",
    "handling.Task",
    "evidence.Attachment",
    "notifications.Notification",
    "audit.AuditEntry",
    "privacy.DataSubjectRequest",
    "privacy.BreachRecord",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Unsupported database engine {vendor!r}.")
    return vendor


def key_path(name: str = "field_keys") -> Path:
    setting, _env = KEY_FILES[name]
    return Path(getattr(settings, setting, None) or Path(settings.DATA_DIR) / name)


def _counted_models():
    for label in COUNTED_MODELS:
        try:
            yield label, apps.get_model(label)
        except LookupError:
            continue


def _counts_with_cursor(cursor, existing_tables: set[str]) -> dict[str, int]:
    counts = {}
    quote = connection.ops.quote_name
    for label, model in _counted_models():
        table = model._meta.db_table
        if table not in existing_tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - table from models
        counts[label] = cursor.fetchone()[0]
    return counts


def current_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return _counts_with_cursor(cursor, tables)


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {}
        for label, model in _counted_models():
            table = model._meta.db_table
            if table in tables:
                counts[label] = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        return counts
    finally:
        db.close()


def _migration_state(cursor, tables: set[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def _pg_args_and_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found on PATH; install the PostgreSQL client tools.")
    return found


def _run(cmd: list[str], env: dict, what: str) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupError(f"{what} failed (exit {result.returncode}): " + " | ".join(detail))


# --------------------------------------------------------------------------- backup


def _dump_sqlite(staging: Path) -> tuple[dict, dict]:
    target = staging / SQLITE_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    source = connection.connection  # the live connection: sqlite3's online backup API
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
        # One self-contained file: no WAL to carry along.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    db = sqlite3.connect(target)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        migrations = _migration_state(db.cursor(), tables)
    finally:
        db.close()
    return _sqlite_counts(target), migrations


def _dump_postgresql(staging: Path) -> tuple[dict, dict]:
    target = staging / PG_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    pg_dump = _pg_tool("pg_dump")
    args, env = _pg_args_and_env()
    name = settings.DATABASES["default"]["NAME"]
    # The dump and the counts see the same snapshot, so the manifest matches the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = set(connection.introspection.table_names(cursor))
        counts = _counts_with_cursor(cursor, tables)
        migrations = _migration_state(cursor, tables)
        _run([pg_dump, *args, "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={target}", "--dbname", str(name)],
             env, "pg_dump")
    return counts, migrations


def _copy_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_symlink():
            continue  # never follow links out of the data directory
        relative = path.relative_to(source)
        if path.is_dir():
            (target / relative).mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def _stage_keys(staging: Path, warnings: list[str], *, include_keys: bool) -> bool:
    """Copy the key files into the archive; warn loudly about every key that is not in it."""
    included = False
    for name, (_setting, from_env) in KEY_FILES.items():
        source = key_path(name)
        if getattr(settings, from_env, None):
            warnings.append(
                f"WARNING: {from_env} is set: those keys come from the environment and are "
                "NOT in this archive. Back them up separately (secret store), or the "
                "restored personal data cannot be read or searched."
            )
        if not source.exists():
            if not getattr(settings, from_env, None):
                warnings.append(
                    f"WARNING: no key file at {source}. If personal data is encrypted, its "
                    "keys are kept elsewhere (environment or secret store): back them up "
                    "separately, or the restored personal data cannot be read."
                )
            continue
        if not include_keys:
            warnings.append(
                f"WARNING: the key file {source} was left out (--without-keys). Keep a copy "
                "in a separate safe place; without it the restored personal data cannot be "
                "read."
            )
            continue
        target = staging / KEYS_PREFIX / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            _copy_tree(source, target)
        else:
            shutil.copy2(source, target)
        included = True
    if included:
        warnings.append(
            "NOTE: the archive contains encryption keys: anyone who has it can read the "
            "personal data. Store it encrypted and access-controlled."
        )
    return included


def _attachments_note(warnings: list[str]) -> None:
    from django.core.files.storage import FileSystemStorage, storages

    try:
        storage = storages["attachments"]
    except Exception:  # noqa: BLE001 - no such storage configured
        return
    if not isinstance(storage, FileSystemStorage):
        warnings.append(
            "WARNING: attachments are in object storage, not under MEDIA_ROOT: back up the "
            "bucket with the provider's versioning or replication; this archive has only "
            "the local files."
        )
        return
    location = Path(storage.location).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if not location.is_relative_to(media):
        warnings.append(
            f"WARNING: the attachments directory {location} is outside MEDIA_ROOT and is "
            "not in this archive."
        )


def _file_entries(staging: Path) -> list[dict]:
    entries = []
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            entries.append({
                "path": path.relative_to(staging).as_posix(),
                "size": path.stat().st_size,
                "sha256": sha256_of(path),
            })
    return entries


def create_backup(output_dir, *, include_keys: bool = True) -> BackupResult:
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    kind = engine()
    warnings: list[str] = []
    created = timezone.now()
    with tempfile.TemporaryDirectory(prefix="selaras-backup-", dir=output_dir) as tmp:
        staging = Path(tmp) / "content"
        staging.mkdir()
        if kind == "sqlite":
            counts, migrations = _dump_sqlite(staging)
            db_member = SQLITE_MEMBER
        else:
            counts, migrations = _dump_postgresql(staging)
            db_member = PG_MEMBER
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            _copy_tree(media, staging / MEDIA_PREFIX.rstrip("/"))
        _attachments_note(warnings)
        keys_included = _stage_keys(staging, warnings, include_keys=include_keys)
        manifest = {
            "format": FORMAT_NAME,
            "version": MANIFEST_VERSION,
            "created_at": created.isoformat(),
            "database": {"engine": kind, "file": db_member},
            "migrations": migrations,
            "files": _file_entries(staging),
            "counts": counts,
            "keys_included": keys_included,
            "warnings": warnings,
        }
        manifest_path = Path(tmp) / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        name = f"selaras-backup-{created.strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
        final = output_dir / name
        partial = output_dir / (name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST_NAME)
            for entry in manifest["files"]:
                archive.add(staging / entry["path"], arcname=entry["path"])
        partial.chmod(0o600)
        os.replace(partial, final)
    return BackupResult(path=final, manifest=manifest, warnings=warnings)


# --------------------------------------------------------------------------- restore


def _extract(archive_path: Path, target: Path) -> None:
    if not archive_path.is_file():
        raise BackupError(f"No such archive: {archive_path}")
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                if not (member.isfile() or member.isdir()):
                    raise BackupError(f"Damaged archive: unexpected entry {member.name!r}.")
            # The "data" filter refuses absolute paths, "..", links out and devices.
            archive.extractall(target, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"Damaged archive (cannot be read to the end): {exc}") from exc


def read_manifest(staging: Path) -> dict:
    path = staging / MANIFEST_NAME
    if not path.is_file():
        raise BackupError("Damaged archive: manifest.json is missing.")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"Damaged archive: manifest.json is not valid JSON ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BackupError("Not a Selaras backup: the manifest's format is missing or wrong.")
    if manifest.get("version") != MANIFEST_VERSION:
        raise BackupError(
            f"Unsupported manifest version {manifest.get('version')!r}; this Selaras reads "
            f"version {MANIFEST_VERSION}."
        )
    if not isinstance(manifest.get("files"), list) or not isinstance(manifest.get("database"),
                                                                       dict):
        raise BackupError("Damaged archive: the manifest has no file list or database entry.")
    return manifest


def verify_files(staging: Path, manifest: dict) -> None:
    """Every listed file present with its size and checksum, and nothing unlisted."""
    listed = set()
    for entry in manifest["files"]:
        try:
            relative, size, checksum = entry["path"], entry["size"], entry["sha256"]
        except (TypeError, KeyError) as exc:
            raise BackupError("Damaged archive: a manifest file entry is incomplete.") from exc
        path = staging / relative
        if not path.resolve().is_relative_to(staging.resolve()):
            raise BackupError(f"Damaged archive: {relative!r} points outside the archive.")
        if not path.is_file():
            raise BackupError(f"Damaged archive: {relative} is listed but missing.")
        if path.stat().st_size != size:
            raise BackupError(
                f"Damaged archive: {relative} has {path.stat().st_size} bytes, "
                f"the manifest says {size}."
            )
        if sha256_of(path) != checksum:
            raise BackupError(f"Damaged archive: checksum mismatch for {relative}.")
        listed.add(relative)
    present = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file()}
    extra = sorted(present - listed - {MANIFEST_NAME})
    if extra:
        raise BackupError(f"Damaged archive: files not in the manifest: {', '.join(extra[:5])}")
    db_file = manifest["database"].get("file")
    if db_file not in listed:
        raise BackupError("Damaged archive: the database dump is missing.")


def target_is_empty() -> tuple[bool, str]:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = _counts_with_cursor(cursor, tables)
    cases, users = counts.get("cases.Case", 0), counts.get("accounts.User", 0)
    if cases or users:
        return False, f"the target database already has {cases} cases and {users} users"
    return True, ""


def _target_for(relative: str) -> Path | None:
    """Where an archived file goes on restore (None: the database dump, handled apart)."""
    if relative.startswith(MEDIA_PREFIX):
        return Path(settings.MEDIA_ROOT) / relative[len(MEDIA_PREFIX):]
    if relative.startswith(KEYS_PREFIX):
        name, _sep, rest = relative[len(KEYS_PREFIX):].partition("/")
        if name not in KEY_FILES:
            raise BackupError(f"Damaged archive: unknown key file {relative!r}.")
        return key_path(name) / rest if rest else key_path(name)
    return None


def _files_conflict(manifest: dict) -> list[str]:
    """Paths the restore would overwrite with different content."""
    conflicts = []
    for entry in manifest["files"]:
        target = _target_for(entry["path"])
        if target is not None and target.is_file() and sha256_of(target) != entry["sha256"]:
            conflicts.append(str(target))
    return conflicts


def _restore_sqlite(staging: Path, manifest: dict) -> None:
    name = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    name.parent.mkdir(parents=True, exist_ok=True)
    incoming = name.with_name(name.name + ".restoring")
    shutil.copyfile(staging / manifest["database"]["file"], incoming)
    # A stale write-ahead log of the old (empty) file must never be applied to the new one.
    for suffix in ("-wal", "-shm", "-journal"):
        stale = name.with_name(name.name + suffix)
        if stale.exists():
            stale.unlink()
    incoming.chmod(0o600)
    os.replace(incoming, name)


def _restore_postgresql(staging: Path, manifest: dict) -> None:
    pg_restore = _pg_tool("pg_restore")
    args, env = _pg_args_and_env()
    name = settings.DATABASES["default"]["NAME"]
    connection.close()
    # --clean drops what a `migrate` may have created in the (case- and user-less) target.
    _run([pg_restore, *args, "--no-owner", "--no-privileges", "--clean", "--if-exists",
          "--single-transaction", "--exit-on-error", "--dbname", str(name),
          str(staging / manifest["database"]["file"])], env, "pg_restore")


def _restore_files(staging: Path, manifest: dict) -> None:
    for entry in manifest["files"]:
        target = _target_for(entry["path"])
        if target is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(staging / entry["path"], target)
        if not entry["path"].startswith(MEDIA_PREFIX):
            target.chmod(0o600)


def verify_archive(archive_path, workdir: Path) -> dict:
    """Extract into ``workdir`` and check it completely; return the manifest."""
    _extract(Path(archive_path), workdir)
    manifest = read_manifest(workdir)
    verify_files(workdir, manifest)
    return manifest


def restore_backup(archive_path) -> RestoreResult:
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="selaras-restore-") as tmp:
        staging = Path(tmp)
        manifest = verify_archive(archive_path, staging)
        kind = engine()
        archived = manifest["database"].get("engine")
        if archived != kind:
            raise BackupError(
                f"The archive holds a {archived} database but this instance is configured "
                f"for {kind}; set DATABASE_URL to match."
            )
        empty, why = target_is_empty()
        if not empty:
            raise BackupError(
                f"Refusing to restore: {why}. Restore only into an empty instance (a new "
                "SELARAS_DATA_DIR or an empty database)."
            )
        conflicts = _files_conflict(manifest)
        if conflicts:
            raise BackupError(
                "Refusing to restore: these files exist with different content: "
                + ", ".join(conflicts[:5])
            )
        if not manifest.get("keys_included"):
            warnings.append(
                "WARNING: the archive has no encryption keys; put the instance's key files "
                f"at {key_path('field_keys')} and {key_path('field_hash_key')} (or set "
                "FIELD_ENCRYPTION_KEYS / FIELD_HASH_KEY) before starting it."
            )
        # Everything checked: from here on the instance changes.
        if kind == "sqlite":
            _restore_sqlite(staging, manifest)
        else:
            _restore_postgresql(staging, manifest)
        _restore_files(staging, manifest)
    counts = current_counts()
    expected = manifest.get("counts") or {}
    differing = {label: (expected[label], counts.get(label)) for label in expected
                 if counts.get(label) != expected[label]}
    if differing:
        raise BackupError(f"Restored row counts differ from the manifest: {differing}")
    return RestoreResult(manifest=manifest, counts=counts, warnings=warnings)
