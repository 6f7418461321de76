import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from selaras.automation.scheduler import discover, loop


class Command(BaseCommand):
    help = ("Run the periodic jobs whenever they are due, every --interval seconds, until "
            "stopped (SIGTERM or Ctrl+C). Background tasks themselves run in `db_worker`.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=None,
                            help="Seconds between passes (default SCHEDULER_INTERVAL_SECONDS).")

    def handle(self, *args, interval=None, **options):
        interval = max(1, interval or settings.SCHEDULER_INTERVAL_SECONDS)
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        names = ", ".join(sorted(discover())) or "none"
        self.stdout.write(f"Scheduler: jobs {names}; a pass every {interval} s.")

        def sleep(seconds):
            end = time.monotonic() + seconds
            while not stopping["now"] and time.monotonic() < end:
                time.sleep(min(1.0, end - time.monotonic()))

        loop(interval=interval, stop=lambda: stopping["now"], sleep=sleep)
        self.stdout.write("Scheduler stopped.")
