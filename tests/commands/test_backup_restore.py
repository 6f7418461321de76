"""manage.py backup / restore: a populated instance round-trips; a damaged archive is refused.

Each instance is a separate ``SELARAS_DATA_DIR`` (its own SQLite file, uploads and
keys) driven through ``manage.py`` in a subprocess, exactly as an operator runs it.
"""

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

POPULATE = """
import django
django.setup()
from datetime import timedelta
from django.core.files.base import ContentFile
from django.utils import timezone
from selaras.accounts.models import User
from selaras.cases import services
from selaras.evidence.services import add_attachment
from selaras.org.models import Membership, Role, Unit

user = User.objects.create_user(username="kepala_pusat", password="x" * 20)
Membership.objects.create(user=user, unit=Unit.objects.get(code="pusat"), role=Role.KEPALA)
cases = [
    services.create_case(
        actor=user, title=f"Sengketa ke-{n}", chronology="Kronologi uji " * 5,
        category="rumah_ibadah", occurred_at=timezone.now() - timedelta(days=3),
        location="3273011001", alert_level=1 + n % 3, reporter_name="Pelapor Uji",
        reporter_contact="0812-0000-0000")
    for n in range(3)
]
services.add_note(actor=user, case=cases[0], body="Catatan uji")
add_attachment(actor=user, case=cases[0], kind="notulen",
               uploaded_file=ContentFile("Notulen rapat mediasi.\\n".encode(), name="notulen.txt"))
"""


def manage(data_dir: Path, *args, env_extra=None, check=True):
    env = {**os.environ, "SELARAS_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE":
           "selaras.settings", "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    env.pop("DATABASE_URL", None)
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n"
                             f"{result.stderr}")
    return result


def python(data_dir: Path, code: str, env_extra=None):
    env = {**os.environ, "SELARAS_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "selaras.settings",
           "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    env.pop("DATABASE_URL", None)
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def populate(data_dir: Path, env_extra=None):
    manage(data_dir, "migrate", "--skip-checks", "-v0", env_extra=env_extra)
    manage(data_dir, "load_regions", "--provinces", "32", "--skip-checks", env_extra=env_extra)
    manage(data_dir, "build_units", "--provinces", "32", "--skip-checks", env_extra=env_extra)
    python(data_dir, POPULATE, env_extra=env_extra)


def file_checksums(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


COUNTS = """
import django, json
django.setup()
from selaras.core.backup import current_counts
print(json.dumps(current_counts()))
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A populated instance with an encryption key file, and its backup archive."""
    data_dir = tmp_path_factory.mktemp("source")
    populate(data_dir)
    for name in ("field_keys", "field_hash_key"):  # made on first use once data is encrypted
        if not (data_dir / name).exists():
            (data_dir / name).write_text(f"test {name}\n")
    out = tmp_path_factory.mktemp("backups")
    result = manage(data_dir, "backup", "--output", str(out))
    archives = list(out.glob("selaras-backup-*.tar.gz"))
    assert len(archives) == 1, result.stdout
    return data_dir, archives[0], result


def test_archive_has_database_files_keys_and_a_manifest(source):
    data_dir, archive, result = source
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "selaras-backup" and manifest["version"] == 1
    assert manifest["database"]["engine"] == "sqlite"
    assert {"database/selaras.sqlite3", "keys/field_keys", "keys/field_hash_key"} <= names
    assert manifest["keys_included"] is True
    assert "0001_initial" in manifest["migrations"]["cases"]
    media = [f for f in manifest["files"] if f["path"].startswith("media/attachments/")]
    assert len(media) == 1 and media[0]["size"] == len(b"Notulen rapat mediasi.\n")
    assert manifest["counts"]["cases.Case"] == 3
    assert manifest["counts"]["evidence.Attachment"] == 1
    assert {f["path"] for f in manifest["files"]} | {"manifest.json"} == names
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def test_round_trip_restores_counts_and_files(source, tmp_path):
    data_dir, archive, _ = source
    target = tmp_path / "fresh"
    target.mkdir()
    result = manage(target, "restore", str(archive))
    assert "cases.Case: 3" in result.stdout
    assert json.loads(python(target, COUNTS)) == json.loads(python(data_dir, COUNTS))
    assert file_checksums(target / "uploads") == file_checksums(data_dir / "uploads")
    for name in ("field_keys", "field_hash_key"):
        assert (target / name).read_bytes() == (data_dir / name).read_bytes()
    # The restored instance works: its cases are readable through Django.
    out = python(target, "import django; django.setup(); from selaras.cases.models import "
                         "Case; print(sorted(Case.objects.values_list('title', flat=True)))")
    assert "Sengketa ke-0" in out


def test_restore_refuses_an_instance_that_has_cases(source):
    data_dir, archive, _ = source
    before = file_checksums(data_dir)
    result = manage(data_dir, "restore", str(archive), check=False)
    assert result.returncode != 0
    assert "Refusing to restore" in result.stderr and "3 cases" in result.stderr
    assert file_checksums(data_dir) == before


def test_restore_refuses_to_overwrite_other_keys(source, tmp_path):
    _, archive, _ = source
    target = tmp_path / "fresh"
    target.mkdir()
    (target / "field_keys").write_text("another instance's key\n")
    result = manage(target, "restore", str(archive), check=False)
    assert result.returncode != 0 and "exist with different content" in result.stderr
    assert (target / "field_keys").read_text() == "another instance's key\n"
    assert not (target / "uploads").exists()


def test_without_keys_leaves_them_out_and_says_so(source, tmp_path):
    data_dir, _, _ = source
    result = manage(data_dir, "backup", "--output", str(tmp_path), "--without-keys")
    assert "was left out (--without-keys)" in result.stderr
    with tarfile.open(next(tmp_path.glob("*.tar.gz"))) as tar:
        assert not [n for n in tar.getnames() if n.startswith("keys/")]
        assert json.load(tar.extractfile("manifest.json"))["keys_included"] is False


def test_backup_without_key_file_warns_loudly(tmp_path):
    data_dir = tmp_path / "nokeys"
    data_dir.mkdir()
    manage(data_dir, "migrate", "--skip-checks", "-v0")
    result = manage(data_dir, "backup", "--output", str(tmp_path / "out"))
    assert "WARNING: no key file at" in result.stderr
    archive = next((tmp_path / "out").glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["keys_included"] is False
    assert any("no key file at" in w for w in manifest["warnings"])


# --------------------------------------------------------------------------- damaged archives


def rewrite(archive: Path, target: Path, *, change=None, drop=None, manifest_edit=None):
    """Copy an archive, changing one member's bytes, dropping one, or editing the manifest."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            if member.name == drop:
                continue
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == change:
                data = bytes([data[0] ^ 0x01]) + data[1:]
            if member.name == "manifest.json" and manifest_edit:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            if data is not None:
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
            else:
                dst.addfile(member)
    return target


def attachment_member(archive: Path) -> str:
    with tarfile.open(archive) as tar:
        return next(n for n in tar.getnames() if n.startswith("media/attachments/"))


def write(target: Path, data: bytes) -> Path:
    target.write_bytes(data)
    return target


def drop_attachment_entry(manifest):
    manifest["files"] = [f for f in manifest["files"] if not f["path"].startswith("media/")]


def bump_version(manifest):
    manifest["version"] = 99


DAMAGES = {
    "flipped byte in the database": (
        lambda a, t: rewrite(a, t, change="database/selaras.sqlite3"), "checksum mismatch"),
    "flipped byte in an attachment": (
        lambda a, t: rewrite(a, t, change=attachment_member(a)), "checksum mismatch"),
    "attachment missing": (
        lambda a, t: rewrite(a, t, drop=attachment_member(a)), "listed but missing"),
    "file not in the manifest": (
        lambda a, t: rewrite(a, t, manifest_edit=drop_attachment_entry), "not in the manifest"),
    "manifest missing": (
        lambda a, t: rewrite(a, t, drop="manifest.json"), "manifest.json is missing"),
    "wrong manifest version": (
        lambda a, t: rewrite(a, t, manifest_edit=bump_version), "Unsupported manifest version"),
    "truncated archive": (
        lambda a, t: write(t, a.read_bytes()[: a.stat().st_size // 2]), "Damaged archive"),
    "not gzip at all": (lambda a, t: write(t, b"hello"), "Damaged archive"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_archive_is_refused_and_nothing_changes(source, tmp_path, damage):
    _, archive, _ = source
    make, message = DAMAGES[damage]
    broken = make(archive, tmp_path / "broken.tar.gz")
    target = tmp_path / "fresh"
    target.mkdir()
    result = manage(target, "restore", str(broken), check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (target / "uploads").exists()
    assert not (target / "field_keys").exists()
    # The target database stayed empty (at most an empty file from the emptiness check).
    db = target / "selaras.sqlite3"
    assert not db.exists() or db.stat().st_size == 0


def test_gzip_stream_is_valid_for_the_untouched_archive(source):
    """Guard for the damage tests: the original archive itself reads to the end."""
    _, archive, _ = source
    with gzip.open(archive) as handle:
        assert len(handle.read()) > 0


# --------------------------------------------------------------------------- PostgreSQL


def _pg_admin():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres",
                               autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")


@pytest.mark.postgres
@pytest.mark.slow
def test_postgresql_round_trip(tmp_path):
    admin = _pg_admin()
    suffix = os.urandom(4).hex()
    names = {"src": f"selaras_backup_src_{suffix}", "dst": f"selaras_backup_dst_{suffix}"}
    try:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
        src_env = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{names['src']}"}
        dst_env = {"DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{names['dst']}"}
        src_dir, dst_dir = tmp_path / "src", tmp_path / "dst"
        src_dir.mkdir()
        dst_dir.mkdir()
        populate(src_dir, env_extra=src_env)
        manage(src_dir, "backup", "--output", str(tmp_path / "out"), env_extra=src_env)
        archive = next((tmp_path / "out").glob("*.tar.gz"))
        with tarfile.open(archive) as tar:
            assert "database/selaras.pgdump" in tar.getnames()
        result = manage(dst_dir, "restore", str(archive), env_extra=dst_env)
        assert "cases.Case: 3" in result.stdout
        assert (json.loads(python(dst_dir, COUNTS, env_extra=dst_env))
                == json.loads(python(src_dir, COUNTS, env_extra=src_env)))
        assert file_checksums(dst_dir / "uploads") == file_checksums(src_dir / "uploads")
        again = manage(dst_dir, "restore", str(archive), env_extra=dst_env, check=False)
        assert again.returncode != 0 and "Refusing to restore" in again.stderr
    finally:
        for name in names.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
