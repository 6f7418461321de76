from django.core.management.base import BaseCommand, CommandError

from selaras.automation.scheduler import discover, run_pass


class Command(BaseCommand):
    help = ("Run one pass of every periodic job (deadline checks, reminders, escalation, "
            "digests) and exit. For cron; the jobs are idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--job", action="append", dest="jobs", metavar="NAME",
                            help="Run only this job (repeatable).")

    def handle(self, *args, jobs=None, **options):
        known = discover()
        unknown = sorted(set(jobs or []) - set(known))
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(unknown)}. "
                               f"Known: {', '.join(sorted(known))}.")
        runs = run_pass(names=jobs)
        for run in runs:
            details = ", ".join(f"{k}={v}" for k, v in run.summary.items()) or "-"
            if run.ok:
                self.stdout.write(f"{run.name}: ok ({details})")
            else:
                self.stderr.write(f"{run.name}: FAILED {run.error}")
        failed = [r for r in runs if not r.ok]
        self.stdout.write(f"{len(runs)} job(s) run, {len(failed)} failed.")
        if failed:
            raise CommandError(f"{len(failed)} periodic job(s) failed.")
