"""A thread belongs to its application's association; a question to the association, to the
installation's first."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def attach(apps: Any, schema_editor: Any) -> None:
    Association = apps.get_model("associations", "Association")
    Application = apps.get_model("applications", "Application")
    Thread = apps.get_model("conversations", "Thread")
    Thread._base_manager.filter(application__isnull=False).update(
        association=Subquery(
            Application._base_manager.filter(pk=OuterRef("application")).values("association")[:1]
        )
    )
    first = Association._base_manager.order_by("pk").first()
    if first is not None:
        Thread._base_manager.filter(association=None).update(association=first)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0002_association_key"),
        ("applications", "0014_association_required"),
    ]
    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
