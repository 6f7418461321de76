from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "selaras.parties"
    label = "parties"
    verbose_name = _("Parties")

    def ready(self):
        from .access import PartyAccessPolicy
        from .models import Party

        Party.access_policy = PartyAccessPolicy()
