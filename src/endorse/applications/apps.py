from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "endorse.applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        # Imported here, when the models are loaded (an app config is imported before them).
        from endorse.accounts.signals import membership_changed

        from . import receivers

        membership_changed.connect(receivers.membership_changed, dispatch_uid="membership-events")
