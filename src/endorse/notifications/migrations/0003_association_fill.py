"""Every existing row belongs to the installation's first association."""

from typing import Any

from django.db import migrations


def attach(apps: Any, schema_editor: Any) -> None:
    Association = apps.get_model("associations", "Association")
    Model = apps.get_model("notifications", "outboxmessage")
    first = Association._base_manager.order_by("pk").first()
    if first is not None:
        Model._base_manager.filter(association=None).update(association=first)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_association_key")]
    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
