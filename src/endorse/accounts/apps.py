from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "endorse.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # allauth's signals and the receivers import models, which load only once the app
        # registry is ready.
        from allauth.mfa.signals import authenticator_added, authenticator_removed

        from . import receivers

        authenticator_added.connect(receivers.authenticator_added, dispatch_uid="endorse-mfa")
        authenticator_removed.connect(
            receivers.authenticator_removed, dispatch_uid="endorse-mfa-removed"
        )
