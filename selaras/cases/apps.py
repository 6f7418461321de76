from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "selaras.cases"
    label = "cases"

    def ready(self):
        from .access import CaseAccessPolicy
        from .models import Case

        Case.access_policy = CaseAccessPolicy()
