from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "endorse.registry"
    verbose_name = "Endorsement registry"
