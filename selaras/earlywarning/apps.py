from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "selaras.earlywarning"
    verbose_name = _("Early warning")
