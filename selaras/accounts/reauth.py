"""Re-authentication before sensitive changes.

"Recently authenticated" = the session holds a password, MFA or SSO step (the login
itself or an explicit re-authentication at ``/akun/reauthenticate/``) younger than
``ACCOUNT_REAUTHENTICATION_TIMEOUT`` (5 minutes). Otherwise allauth's middleware
sends the user to the re-authentication page (password, or the MFA code) and then
replays the suspended request.

Used by allauth's own MFA pages (deactivating TOTP, new recovery codes) through
``AccountAdapter.is_reauthentication_required`` and by the admin through
``ReauthRequiredAdminMixin`` (memberships, users: roles, active flag, MFA reset).
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings

METHODS = frozenset({"password", "mfa", "socialaccount"})


def recently_authenticated(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    times = [r.get("at", 0) for r in records if r.get("method") in METHODS]
    if not times:
        return False
    return time.time() - max(times) < account_settings.REAUTHENTICATION_TIMEOUT


def require_recent_authentication(request) -> None:
    """Raise ReauthenticationRequired (handled by allauth's AccountMiddleware: redirect
    to the re-authentication page, then replay this request) unless recent."""
    if not getattr(settings, "REAUTH_ENFORCED", True):
        return
    if not recently_authenticated(request):
        raise ReauthenticationRequired()


class ReauthRequiredAdminMixin:
    """ModelAdmin mixin: adding, changing or deleting needs a recent authentication.

    Reading (GET) stays free; the POST that would change something is suspended, the
    user re-authenticates, and the POST is replayed.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            require_recent_authentication(request)
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Bulk actions (e.g. "delete selected") and list-editable saves.
        if request.method == "POST":
            require_recent_authentication(request)
        return super().changelist_view(request, extra_context)
