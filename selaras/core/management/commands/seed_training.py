"""``manage.py seed_training``: practice accounts and cases for a training instance.

Refuses to run unless ``TRAINING_MODE`` is on (or ``--force``), so real data never gets
training rows. Idempotent. The logic is in ``selaras.guide.training``.
"""

from django.core.management.base import BaseCommand, CommandError

from selaras.guide import training


class Command(BaseCommand):
    help = (
        "Create the training dataset (practice users for every role, practice cases in "
        "several states). Only on a TRAINING_MODE instance. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Seed even though TRAINING_MODE is off (not on real data!).")
        parser.add_argument("--print-logins", action="store_true",
                            help="Only print the training logins.")

    def handle(self, *args, force, print_logins, **options):
        if print_logins:
            self._print_logins()
            return
        try:
            training.check_allowed(force)
        except training.TrainingRefused as exc:
            raise CommandError(str(exc)) from exc
        missing = training.check_reference_data()
        if missing:
            raise CommandError(
                f"Reference data missing: {', '.join(missing)}. Run `manage.py load_regions` "
                "and `manage.py build_units` first (or `make setup`)."
            )
        counts = training.seed(force=force)
        self.stdout.write(
            f"Training: {counts['users']} users created ({counts['all_users']} in all), "
            f"{counts['cases']} practice cases created."
        )
        self._print_logins()

    def _print_logins(self):
        width = max(len(u.username) for u in training.TRAINING_USERS)
        self.stdout.write("")
        self.stdout.write(f"Training logins (password for all: {training.TRAINING_PASSWORD})")
        self.stdout.write(f"  {'username'.ljust(width)}  {'role'.ljust(8)}  office")
        for u in training.TRAINING_USERS:
            self.stdout.write(f"  {u.username.ljust(width)}  {str(u.role).ljust(8)}  {u.office}")
        self.stdout.write("Training accounts only: the password is public.")
