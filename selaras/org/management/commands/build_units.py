from django.core.management.base import BaseCommand, CommandError

from selaras.org.builder import build_units
from selaras.regions.models import Region


class Command(BaseCommand):
    help = "Create the office tree (Pusat, Kanwil, Kankemenag, KUA) from the regions. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", default="", help="Only these province codes.")

    def handle(self, *args, provinces, **options):
        if not Region.objects.exists():
            raise CommandError("No regions loaded yet: run `manage.py load_regions` first.")
        wanted = [c.strip() for c in provinces.split(",") if c.strip()] or None
        result = build_units(wanted)
        self.stdout.write(f"Units: {result.created} created, {result.existing} already present.")
