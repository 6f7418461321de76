"""manage.py backup --output DIR: one verified archive of the database, files and keys."""

from django.core.management.base import BaseCommand, CommandError

from selaras.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup archive (database, attachments, encryption keys, manifest with "
        "checksums) into DIR. See docs/operations.md, 'Backup and restore'."
    )
    # A backup must work even when some app's URLs or checks are broken.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="DIR",
                            help="Directory the archive is written into (created if missing).")
        parser.add_argument(
            "--without-keys", action="store_true",
            help="Leave the field-encryption key file out (keep it elsewhere yourself).",
        )

    def handle(self, *args, output, without_keys, **options):
        try:
            result = create_backup(output, include_keys=not without_keys)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        manifest = result.manifest
        total = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(f"Database: {manifest['database']['engine']}")
        for label, count in sorted(manifest["counts"].items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"Files: {len(manifest['files'])} ({total} bytes before compression)")
        self.stdout.write(self.style.SUCCESS(f"Backup written: {result.path}"))
