from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "endorse.accounts"
    verbose_name = "Accounts"
