from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "selaras.regions"
    label = "regions"
