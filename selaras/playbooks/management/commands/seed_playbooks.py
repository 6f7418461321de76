"""Load the starting SOP playbooks (idempotent); optionally attach them to demo cases.

``--backfill-demo``: verified demo cases (registered by the demo users of
``seed_demo``) that follow no playbook yet get the one that applies, as if it had
been there when they were verified. Run by ``setup_instance`` after the demo, so an
instance whose demo predates the playbooks shows them too. Never touches other cases.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from selaras.cases.management.commands.seed_demo import DEMO_USERS
from selaras.cases.models import Case
from selaras.parties.cleaning import lock_case
from selaras.playbooks.models import AttachHow, CasePlaybook
from selaras.playbooks.seeds import seed_playbooks
from selaras.playbooks.services import WORKING_STATUSES, _attach, find_version


class Command(BaseCommand):
    help = "Create the starting playbooks (one per category) if missing. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--backfill-demo", action="store_true",
                            help="Attach playbooks to verified demo cases that have none.")

    def handle(self, *args, backfill_demo, **options):
        created = seed_playbooks()
        self.stdout.write(f"Playbooks: {created} created.")
        if backfill_demo:
            self.stdout.write(f"Demo cases given a playbook: {self._backfill()}.")

    @staticmethod
    def _backfill() -> int:
        usernames = [u for u, *_rest in DEMO_USERS]
        with_playbook = CasePlaybook.objects.values("case_id")
        cases = (Case.objects.filter(created_by__username__in=usernames,
                                     status__in=WORKING_STATUSES)
                 .exclude(pk__in=with_playbook).select_related("handling_unit"))
        attached = 0
        for case in cases:
            version = find_version(case)
            if version is None:
                continue
            with transaction.atomic():
                locked = lock_case(case)
                _attach(actor=None, case=locked, version=version, how=AttachHow.AUTOMATIC)
            attached += 1
        return attached
