from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "selaras.core"
    label = "core"
