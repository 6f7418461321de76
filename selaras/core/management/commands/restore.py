"""manage.py restore ARCHIVE: restore a backup into an empty instance, verified first."""

from django.core.management.base import BaseCommand, CommandError

from selaras.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY instance (no cases, no users). Every "
        "checksum is verified before anything is changed; a damaged archive is refused."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by manage.py backup.")

    def handle(self, *args, archive, **options):
        try:
            result = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(f"Restored from the backup of {result.manifest['created_at']}:")
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(
            "Restore complete; row counts match the manifest. Run `manage.py migrate` if this "
            "Selaras is newer than the backup."))
