from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "endorse.applications"
    verbose_name = "Applications"
