"""Create a user with a role at a unit, or give an existing user one more role.

    manage.py adduser USERNAME --unit CODE --role ROLE [--password-stdin]
                      [--full-name NAME] [--email ADDRESS] [--service-account]

A new person needs a password: read from standard input with --password-stdin
(first line), else asked for twice in a terminal. Django's password validators
apply. A service account (another system using the API) gets no password; give
it a token with ``manage.py issuetoken``. Nothing is written when anything is wrong.
"""

import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from selaras.org.models import Membership, Role, Unit


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Create a user with a role at a unit, or add a membership to an existing user."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--unit", required=True, help="Unit code: pusat, 32, 3273, 327301, …")
        parser.add_argument(
            "--role", required=True, help=f"One of: {', '.join(Role.values)}."
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )
        parser.add_argument("--full-name", default="", help="Full name shown in the UI.")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--service-account",
            action="store_true",
            help="An account for another system (API only, no password).",
        )

    def handle(self, *args, username, unit, role, password_stdin, full_name, email,
               service_account, **options):
        User = get_user_model()
        username = username.strip()
        unit_obj = Unit.objects.filter(code=unit.strip()).first()
        if unit_obj is None:
            raise CommandError(
                f"Unknown unit '{unit}'. Unit codes are 'pusat' or a region code "
                "(province 32, regency 3273, district 327301); "
                "run `manage.py build_units` if the office tree is empty."
            )
        if not unit_obj.is_active:
            raise CommandError(f"Unit '{unit_obj.code}' ({unit_obj.name}) is inactive.")
        if role not in Role.values:
            raise CommandError(f"Unknown role '{role}'. Roles: {', '.join(Role.values)}.")

        user = User.objects.filter(username=username).first()
        if user is not None:
            self._add_membership(user, unit_obj, role, password_stdin=password_stdin,
                                 service_account=service_account)
            return

        user = User(
            username=username,
            full_name=full_name.strip(),
            email=email.strip(),
            is_service_account=service_account,
        )
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise CommandError(f"Invalid user: {_messages(exc)}") from None

        if service_account:
            if password_stdin:
                raise CommandError(
                    "A service account has no password; give it a token with "
                    "`manage.py issuetoken` instead of --password-stdin."
                )
            user.set_unusable_password()
        else:
            password = self._read_password(password_stdin)
            try:
                password_validation.validate_password(password, user=user)
            except ValidationError as exc:
                raise CommandError(f"Password refused: {_messages(exc)}") from None
            user.set_password(password)

        with transaction.atomic():
            user.save()
            Membership.objects.create(user=user, unit=unit_obj, role=role)
        kind = "service account" if service_account else "user"
        self.stdout.write(
            f"Created {kind} '{user.username}' as {role} at {unit_obj.name} ({unit_obj.code})."
        )

    def _add_membership(self, user, unit_obj, role, *, password_stdin, service_account):
        if password_stdin:
            raise CommandError(
                f"User '{user.username}' already exists; adduser does not change passwords "
                "(use `manage.py changepassword`). Run again without --password-stdin to "
                "add a membership."
            )
        if service_account and not user.is_service_account:
            raise CommandError(f"User '{user.username}' exists and is not a service account.")
        if Membership.objects.filter(user=user, unit=unit_obj, role=role).exists():
            raise CommandError(
                f"User '{user.username}' is already {role} at {unit_obj.name} ({unit_obj.code})."
            )
        Membership.objects.create(user=user, unit=unit_obj, role=role)
        self.stdout.write(
            f"Added role {role} at {unit_obj.name} ({unit_obj.code}) "
            f"to existing user '{user.username}'."
        )
        if not user.is_active:
            self.stderr.write(f"Note: user '{user.username}' is inactive.")

    def _read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            line = sys.stdin.readline()
            password = line.rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                "No password given: pipe it in with --password-stdin, or run in a terminal "
                "to be asked for it."
            )
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password (again): ")
        if first != second:
            raise CommandError("The two passwords differ; nothing was created.")
        if not first:
            raise CommandError("Empty password; nothing was created.")
        return first
