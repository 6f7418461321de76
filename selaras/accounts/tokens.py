"""Issuing, changing and revoking API tokens: the audited business actions.

``ApiToken.issue`` only creates the row (tests and the bench use it directly); an
operator's action goes through here so the audit chain records it, in the same
transaction: ``api_token_issued``, ``api_token_scope_changed`` and
``api_token_revoked`` (security kind), each with the token's prefix (never the raw
value or its hash) and its scope.
"""

from django.db import transaction
from django.utils import timezone

from selaras.audit import services as audit

from .models import ApiToken

# Longest reason kept in the audit row (it is never deleted; a paragraph is plenty).
MAX_REASON_LENGTH = 500


class TokenAlreadyRevoked(Exception):
    """The token was revoked before; nothing was written."""

    def __init__(self, token: ApiToken):
        self.token = token
        super().__init__(f"Token {token.prefix}… was already revoked at "
                         f"{timezone.localtime(token.revoked_at):%Y-%m-%d %H:%M}.")


def _data(token: ApiToken, **extra) -> dict:
    return {"prefix": token.prefix, "name": token.name, "username": token.user.username,
            "scope": token.scope,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            **extra}


def issue_token(user, *, name: str = "", expires_at=None, scope: str = ApiToken.Scope.READ,
                actor=None, via: str = "command") -> tuple[ApiToken, str]:
    """Creates a token and its audit row; returns the token and its raw value (shown once)."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name=name, expires_at=expires_at, scope=scope)
        audit.security("api_token_issued", actor=actor, subject_id=user.pk,
                       object_type="api_token", object_id=token.pk,
                       data=_data(token, via=via))
    return token, raw


def change_scope(token: ApiToken, scope: str, *, actor=None, via: str = "admin") -> bool:
    """Sets a token's scope; audited. False (and nothing written) when it is unchanged."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"Unknown token scope {scope!r}; use one of {ApiToken.Scope.values}.")
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if current.scope == scope:
            return False
        old = current.scope
        current.scope = scope
        current.save(update_fields=["scope"])
        audit.security("api_token_scope_changed", actor=actor, subject_id=current.user_id,
                       object_type="api_token", object_id=current.pk,
                       data=_data(current, old_scope=old, via=via))
    token.scope = scope
    return True


def revoke_token(*, actor, token: ApiToken, reason: str = "", via: str = "admin") -> ApiToken:
    """Revokes a token (``revoked_at`` = now) with its ``api_token_revoked`` audit row.

    ``actor`` is the administrator, or None for the command line (the audit row then
    has no actor, like every command-line change; ``via`` says where it came from).
    The token stops authenticating at once (``ApiToken.find`` reads ``revoked_at`` on
    every request; nothing is cached). Raises ``TokenAlreadyRevoked`` (nothing written)
    when it was revoked before, also by a concurrent request (the row is locked), and
    ``ValueError`` for a reason longer than ``MAX_REASON_LENGTH``.
    """
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ValueError(f"The reason is at most {MAX_REASON_LENGTH} characters.")
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if current.revoked_at is not None:
            raise TokenAlreadyRevoked(current)
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
        audit.security("api_token_revoked", actor=actor, subject_id=current.user_id,
                       object_type="api_token", object_id=current.pk,
                       data=_data(current, reason=reason, via=via))
    token.revoked_at = current.revoked_at
    return current
