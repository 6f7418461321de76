"""Issuing and changing API tokens: the audited business actions.

``ApiToken.issue`` only creates the row (tests and the bench use it directly); an
operator's action goes through here so the audit chain records it, in the same
transaction: ``api_token_issued`` and ``api_token_scope_changed`` (security kind),
each with the token's prefix (never the raw value or its hash) and its scope.
"""

from django.db import transaction

from selaras.audit import services as audit

from .models import ApiToken


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
