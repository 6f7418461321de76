"""Session hygiene (login time, logout and deactivation end all sessions) and the
security events of lockout and MFA written to the audit chain."""

import time

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes import signals as axes_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from selaras.audit import services as audit

from .context import current_address, current_user
from .middleware import LOGIN_AT_KEY
from .sessions import end_sessions


@receiver(user_logged_in, dispatch_uid="accounts_login_at")
def remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = time.time()


@receiver(user_logged_out, dispatch_uid="accounts_logout_everywhere")
def logout_everywhere(sender, request, user, **kwargs):
    # An absolute timeout ends only the expired session; a deliberate logout ends all.
    if user is None or getattr(request, "_selaras_logout_reason", ""):
        return
    keep = request.session.session_key if request is not None else None
    end_sessions(user.pk, keep=keep)


@receiver(post_save, sender=get_user_model(), dispatch_uid="accounts_deactivated")
def end_sessions_of_inactive(sender, instance, raw=False, **kwargs):
    if not raw and not instance.is_active:
        end_sessions(instance.pk)


# --------------------------------------------------------------------------- audit
# Logins, failures, logouts and membership changes are written by selaras.audit.signals;
# lockouts and MFA changes here.


def _user_pk_for(username: str):
    return (get_user_model().objects.filter(username=username).values_list("pk", flat=True)
            .first())


@receiver(axes_signals.user_locked_out, dispatch_uid="accounts_locked_out")
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    pk = _user_pk_for(username) if username else None
    audit.security("lockout", subject_id=pk, object_id=pk or "",
                   data={"username": username, "address": ip_address or ""})


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts_mfa_added")
def audit_mfa_added(sender, request, user, authenticator, **kwargs):
    audit.security("mfa_activated", actor=current_user() or user, subject_id=user.pk,
                   object_type="authenticator", object_id=authenticator.pk,
                   data={"type": authenticator.type, "address": current_address()})


@receiver(post_delete, sender=Authenticator, dispatch_uid="accounts_mfa_removed")
def audit_mfa_removed(sender, instance, **kwargs):
    # Model signal, not allauth's authenticator_removed: an administrator's reset in
    # the admin is recorded too (with the administrator as actor).
    audit.security("mfa_deactivated", actor=current_user(), subject_id=instance.user_id,
                   object_type="authenticator", object_id=instance.pk,
                   data={"type": instance.type, "address": current_address()})


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts_mfa_reset")
def audit_mfa_reset(sender, request, user, authenticator, **kwargs):
    audit.security("mfa_recovery_codes_regenerated", actor=current_user() or user,
                   subject_id=user.pk, object_type="authenticator", object_id=authenticator.pk,
                   data={"type": authenticator.type, "address": current_address()})


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts_mfa_used")
def audit_recovery_code_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return
    audit.security("mfa_recovery_code_used", actor=user, subject_id=user.pk,
                   object_type="authenticator", object_id=authenticator.pk,
                   data={"address": current_address(),
                         "reauthentication": bool(kwargs.get("reauthenticated"))})


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts_mfa_failed")
def audit_mfa_failed(sender, request, user, authenticator=None, **kwargs):
    audit.security("mfa_failed", subject_id=user.pk, object_id=user.pk,
                   data={"address": current_address(),
                         "reauthentication": bool(kwargs.get("reauthentication"))})
