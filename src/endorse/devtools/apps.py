"""The development tools' app: installed only for its `demo` and `demo_code` commands."""

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "endorse.devtools"
    verbose_name = "Development tools"
