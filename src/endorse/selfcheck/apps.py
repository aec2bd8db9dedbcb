from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "endorse.selfcheck"
    verbose_name = "Self-check"
