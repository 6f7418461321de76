"""manage.py anonymise [--dry-run]: apply the retention schedule now."""

from django.core.management.base import BaseCommand

from selaras.privacy.anonymisation import apply_retention, plan


class Command(BaseCommand):
    help = (
        "Anonymise closed cases and persons whose retention period has ended, and delete "
        "old notifications and expired sessions (the job apply_retention does this daily). "
        "--dry-run lists what would happen and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would be anonymised or deleted; change nothing.")

    def handle(self, *args, dry_run, **options):
        run = plan() if dry_run else apply_retention()
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(f"{verb} {len(run.cases)} closed case(s)"
                          + (f": {', '.join(run.cases)}" if run.cases else ""))
        self.stdout.write(f"{verb} {len(run.parties)} person(s) in the party registry "
                          "(not counting those anonymised with their case)" if dry_run else
                          f"{verb} {len(run.parties)} person(s) in the party registry")
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {run.notifications} old notification(s) and "
                          f"{run.sessions} expired session(s)")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
