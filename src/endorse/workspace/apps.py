"""The workspace app: pages and templates, no models."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "endorse.workspace"
    verbose_name = "Workspace"
