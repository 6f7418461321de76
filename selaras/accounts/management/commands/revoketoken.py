"""Revoke API tokens from the command line.

    manage.py revoketoken PREFIX [--user USERNAME] [--reason TEXT]
    manage.py revoketoken --user USERNAME --all [--reason TEXT]

PREFIX is the token's prefix as the admin list and ``issuetoken`` show it, e.g.
``slr_AbCdEfGh`` (a trailing ``…`` is ignored); ``--user`` narrows it to one user's
tokens. ``--all`` revokes every token of the user that is not revoked yet (expired
ones included), e.g. when the system behind a service account is decommissioned.

Each token goes through ``selaras.accounts.tokens.revoke_token`` (audited as
``api_token_revoked``, without an actor, ``via: command``, with the reason); it gets
401 from the next request on. An unknown, ambiguous or already revoked prefix is an
error (exit status 1) and nothing is written; ``--all`` runs in one transaction.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from selaras.accounts.models import TOKEN_PREFIX, ApiToken
from selaras.accounts.tokens import MAX_REASON_LENGTH, TokenAlreadyRevoked, revoke_token

PREFIX_LENGTH = 12  # ApiToken.prefix: "slr_" and 8 characters of the token


def _describe(token: ApiToken) -> str:
    name = f" '{token.name}'" if token.name else ""
    state = (f"revoked {timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}"
             if token.revoked_at else "live")
    return (f"{token.prefix}…{name} of '{token.user.username}', scope {token.scope}, "
            f"created {timezone.localtime(token.created_at):%Y-%m-%d %H:%M}, {state}")


class Command(BaseCommand):
    help = ("Revoke an API token by its prefix (e.g. slr_AbCdEfGh), or every token of a "
            "user with --user USERNAME --all. Audited; the token gets 401 at once.")

    def add_arguments(self, parser):
        parser.add_argument("prefix", nargs="?", default=None,
                            help="The token's prefix as the admin list shows it, "
                                 "e.g. slr_AbCdEfGh.")
        parser.add_argument("--user", default=None, metavar="USERNAME",
                            help="Only this user's tokens (with --all: all of them).")
        parser.add_argument("--all", action="store_true", dest="all_tokens",
                            help="Revoke every token of --user that is not revoked yet.")
        parser.add_argument("--reason", default="", metavar="TEXT",
                            help="Why (kept in the audit trail), e.g. 'leaked in a log'.")

    def handle(self, *args, prefix, user, all_tokens, reason, **options):
        reason = reason.strip()
        if len(reason) > MAX_REASON_LENGTH:
            raise CommandError(f"--reason is at most {MAX_REASON_LENGTH} characters.")
        owner = self._user(user) if user is not None else None
        if all_tokens:
            if prefix:
                raise CommandError("Give either a PREFIX or --user USERNAME --all, not both.")
            if owner is None:
                raise CommandError("--all needs --user USERNAME.")
            return self._revoke_all(owner, reason)
        if not prefix:
            raise CommandError("Give the token's PREFIX (e.g. slr_AbCdEfGh), "
                               "or --user USERNAME --all.")
        token = self._token(prefix, owner)
        described = _describe(token).removesuffix(", live")
        try:
            revoke_token(actor=None, token=token, reason=reason, via="command")
        except TokenAlreadyRevoked as exc:
            raise CommandError(f"{exc} Nothing changed.") from exc
        self.stdout.write(f"Revoked {described}. It gets 401 from now on.")

    def _user(self, username: str):
        found = get_user_model().objects.filter(username=username.strip()).first()
        if found is None:
            raise CommandError(f"Unknown user '{username}'.")
        return found

    def _token(self, prefix: str, owner) -> ApiToken:
        prefix = prefix.strip().rstrip("…").rstrip(".")
        if len(prefix) > PREFIX_LENGTH:
            # Never echo it: it may be the whole secret, pasted by mistake.
            raise CommandError(
                f"That is longer than a prefix: give only the first {PREFIX_LENGTH} characters "
                f"(as the admin list shows them, e.g. {TOKEN_PREFIX}AbCdEfGh), not the token.")
        tokens = ApiToken.objects.select_related("user").filter(prefix=prefix)
        if owner is not None:
            tokens = tokens.filter(user=owner)
        tokens = list(tokens.order_by("pk")[:11])
        if not tokens:
            whose = f" of user '{owner.username}'" if owner is not None else ""
            hint = ("" if len(prefix) == PREFIX_LENGTH else
                    f" A prefix has {PREFIX_LENGTH} characters, e.g. {TOKEN_PREFIX}AbCdEfGh.")
            raise CommandError(f"No token{whose} has the prefix '{prefix}'.{hint}")
        if len(tokens) > 1:
            listed = "\n".join(f"  {_describe(t)}" for t in tokens[:10])
            many = len(tokens) if len(tokens) <= 10 else "more than 10"
            raise CommandError(
                f"The prefix '{prefix}' is ambiguous: {many} tokens have it:\n{listed}\n"
                "Add --user USERNAME, or revoke it in the admin (API tokens). Nothing changed.")
        return tokens[0]

    def _revoke_all(self, owner, reason: str) -> None:
        revoked = []
        with transaction.atomic():
            tokens = (ApiToken.objects.select_related("user")
                      .filter(user=owner, revoked_at__isnull=True).order_by("pk"))
            for token in tokens:
                described = _describe(token).removesuffix(", live")
                try:
                    revoke_token(actor=None, token=token, reason=reason, via="command")
                except TokenAlreadyRevoked:
                    continue  # revoked meanwhile by someone else: already what we want
                revoked.append(described)
        for described in revoked:
            self.stderr.write(f"  {described}")
        self.stdout.write(f"Revoked {len(revoked)} token(s) of '{owner.username}'.")
