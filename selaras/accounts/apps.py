from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "selaras.accounts"
    label = "accounts"
