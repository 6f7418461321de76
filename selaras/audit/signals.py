"""Security events written to the audit chain."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from selaras.accounts.context import current_user
from selaras.org.models import Membership

from . import services


def _address(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    services.security("login", actor=user, subject_id=user.pk, object_id=user.pk,
                      data={"address": _address(request)})


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).only("pk").first()
    services.security("login_failed", subject_id=user.pk if user else None,
                      object_id=user.pk if user else "",
                      data={"username": username, "address": _address(request)})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "_selaras_logout_reason", "") if request is not None else ""
    services.security("logout", actor=user, subject_id=user.pk, object_id=user.pk,
                      data={"address": _address(request), "reason": reason})


def _membership_data(instance) -> dict:
    return {"user_id": instance.user_id, "unit": instance.unit.code if instance.unit_id else None,
            "role": instance.role}


@receiver(post_save, sender=Membership, dispatch_uid="audit_membership_saved")
def on_membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    services.security("membership_created" if created else "membership_changed",
                      actor=current_user(), subject_id=instance.user_id, object_type="membership",
                      object_id=instance.pk, data=_membership_data(instance))


@receiver(post_delete, sender=Membership, dispatch_uid="audit_membership_deleted")
def on_membership_deleted(sender, instance, **kwargs):
    services.security("membership_deleted", actor=current_user(), subject_id=instance.user_id,
                      object_type="membership", object_id=instance.pk,
                      data=_membership_data(instance))
