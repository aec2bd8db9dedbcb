"""Every membership recorded so far is in the installation's first association's records."""

from typing import Any

from django.db import migrations


def attach(apps: Any, schema_editor: Any) -> None:
    Association = apps.get_model("associations", "Association")
    Membership = apps.get_model("accounts", "Membership")
    first = Association._base_manager.order_by("pk").first()
    if first is not None:
        Membership._base_manager.filter(held_with=None).update(held_with=first)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_membership_held_with")]
    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
