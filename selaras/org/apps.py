from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "selaras.org"
    label = "org"
