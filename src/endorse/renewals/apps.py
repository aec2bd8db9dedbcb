from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "endorse.renewals"
    verbose_name = "Renewals"
