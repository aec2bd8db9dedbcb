from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "endorse.exports"
    verbose_name = "Exports"
