from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "endorse.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from . import receivers

        authenticator_added.connect(receivers.authenticator_added, dispatch_uid="endorse-mfa")
