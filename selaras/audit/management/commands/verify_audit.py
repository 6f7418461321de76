import json

from django.core.management.base import BaseCommand, CommandError

from selaras.audit import services


class Command(BaseCommand):
    help = "Verify the audit hash chain; name the first row edited, deleted or reordered."

    def add_arguments(self, parser):
        parser.add_argument("--export-head", action="store_true",
                            help="Print the chain head (seq, hash, time) as JSON for anchoring.")

    def handle(self, *args, export_head=False, **options):
        if export_head:
            self.stdout.write(json.dumps(services.export_head()))
            return
        result = services.verify()
        if result.problem is not None:
            raise CommandError(
                f"Audit chain broken after {result.count - 1} good entries: {result.problem}"
            )
        self.stdout.write(f"OK: {result.count} entries, head {result.head_hash}")
