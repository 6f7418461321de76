"""The system actor: the user in whose name automatic steps are recorded.

"sistem" is a service account with a ``kepala`` membership at Pusat, so the
workflow table lets it escalate any case (escalation is a kepala action). It has
an unusable password and no API token: nobody can log in as it, in the UI or the
API. It is created on first use (the office tree is built after migrations).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from selaras.org.models import Membership, Role, Unit, UnitLevel

SYSTEM_USERNAME = "sistem"
SYSTEM_FULL_NAME = "Sistem Selaras (otomatis)"


def system_user():
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=SYSTEM_USERNAME).first()
        if user is None:
            user = User(username=SYSTEM_USERNAME, full_name=SYSTEM_FULL_NAME,
                        is_service_account=True)
            user.set_unusable_password()
            user.save()
        elif user.has_usable_password() or not user.is_service_account:
            user.is_service_account = True
            user.set_unusable_password()
            user.save(update_fields=["password", "is_service_account"])
        pusat = Unit.objects.filter(level=UnitLevel.PUSAT).order_by("pk").first()
        if pusat is not None:
            Membership.objects.get_or_create(user=user, unit=pusat, role=Role.KEPALA)
    return user
