from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "endorse.associations"
    verbose_name = "Associations"

    def ready(self) -> None:
        # The routing table is rebuilt when an association changes; its receivers import the
        # models, which load only once the app registry is ready.
        from . import routing

        routing.connect_signals()
