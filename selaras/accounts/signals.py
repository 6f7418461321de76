"""Session hygiene: login time, logout ends all sessions, deactivation ends all sessions."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

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
