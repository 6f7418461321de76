"""Who must use a second factor, and whether a session has passed it.

The one rule: ``mfa_required(user)``. It is enforced for web sessions by
``selaras.accounts.middleware.MfaEnforcementMiddleware``; API bearer tokens are
issued by operators to systems and are not affected.
"""

from datetime import UTC, datetime

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Q

from selaras.org.models import Membership, Role, UnitLevel

from .middleware import LOGIN_AT_KEY

PRIVILEGED_ROLES = frozenset({Role.KEPALA, Role.ADMIN, Role.AUDITOR})


def mfa_required(user) -> bool:
    """MFA is required for kepala, admin and auditor anywhere, for every Pusat member,
    and for Django staff and superusers (they reach the admin)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(
        Q(role__in=PRIVILEGED_ROLES) | Q(unit__level=UnitLevel.PUSAT), user=user
    ).exists()


def has_mfa(user) -> bool:
    """The user has an active second factor (TOTP or WebAuthn; recovery codes alone don't count)."""
    return is_mfa_enabled(user, types=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])


def session_passed_mfa(request) -> bool:
    """The current session's login included a second-factor step, or the factor was set
    up during this session (the user has just entered a valid code from it)."""
    records = get_authentication_records(request, request.user)
    if any(r.get("method") == "mfa" for r in records):
        return True
    login_at = request.session.get(LOGIN_AT_KEY)
    if not records or login_at is None:
        return False
    since = datetime.fromtimestamp(float(login_at), tz=UTC)
    return Authenticator.objects.filter(
        user=request.user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        created_at__gte=since,
    ).exists()


def session_via_allauth(request) -> bool:
    """The session was created by allauth's login flow (password, SSO), not by a bare
    ``django.contrib.auth.login`` (e.g. a test client's ``force_login``)."""
    return bool(get_authentication_records(request, request.user))
