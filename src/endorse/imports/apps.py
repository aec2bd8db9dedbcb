from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "endorse.imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from .receivers import account_claimed

        password_reset.connect(account_claimed, dispatch_uid="imports-account-claimed")
