"""Issue an API token for a user and print it once.

    manage.py issuetoken USERNAME [--scope read|write] [--name NAME] [--expires-days N]

``--scope read`` (the default) gives a token that may only read (GET); ``--scope
write`` one that may also change data, within what its user may do. Issuing is
audited (``api_token_issued``, with the scope).

Only the token itself goes to standard output (so it can be captured by a
script); everything else goes to standard error. Only its hash is stored: it
cannot be shown again.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selaras.accounts.models import ApiToken
from selaras.accounts.tokens import issue_token
from selaras.org.models import Membership

MAX_EXPIRES_DAYS = 3650


class Command(BaseCommand):
    help = "Issue a new API token for a user; prints the raw token once on stdout."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'si-paham'.")
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.READ,
            help="read (default): GET only, for dashboards and statistics consumers. "
                 "write: may also create and change cases, within the user's role.",
        )
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="Days until the token expires (default: never).",
        )

    def handle(self, *args, username, name, expires_days, scope, **options):
        user = get_user_model().objects.filter(username=username.strip()).first()
        if user is None:
            raise CommandError(f"Unknown user '{username}'. Create it with `manage.py adduser`.")
        if not user.is_active:
            raise CommandError(f"User '{user.username}' is inactive; its tokens would not work.")
        if len(name) > 100:
            raise CommandError("--name is at most 100 characters.")
        expires_at = None
        if expires_days is not None:
            if not 1 <= expires_days <= MAX_EXPIRES_DAYS:
                raise CommandError(f"--expires-days must be between 1 and {MAX_EXPIRES_DAYS}.")
            expires_at = timezone.now() + timedelta(days=expires_days)

        token, raw = issue_token(user, name=name.strip(), expires_at=expires_at, scope=scope)
        until = (
            f"until {timezone.localtime(expires_at):%Y-%m-%d %H:%M}" if expires_at else "no expiry"
        )
        what = ("read-only: GET only" if token.scope == ApiToken.Scope.READ
                else "read and write")
        self.stderr.write(
            f"Token {token.prefix}… for '{user.username}', scope {token.scope} ({what}), "
            f"{until}. Store it now: it cannot be shown again."
        )
        if not Membership.objects.filter(user=user).exists():
            self.stderr.write(
                f"Note: '{user.username}' has no membership yet, so the token sees no cases."
            )
        self.stdout.write(raw)
