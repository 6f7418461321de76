from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandlingConfig(AppConfig):
    name = "selaras.handling"
    label = "handling"
    verbose_name = _("Case handling")
