"""The installation's first association, from its environment's settings; the staff roles held
through Django groups become that association's roles."""

from typing import Any

from django.conf import settings
from django.db import migrations

ROLES = ("coordinator", "reviewer", "exam_reviewer")


def create_default(apps: Any, schema_editor: Any) -> None:
    Association = apps.get_model("associations", "Association")
    StaffRole = apps.get_model("associations", "StaffRole")
    User = apps.get_model("accounts", "User")
    association, _ = Association._base_manager.get_or_create(
        slug=settings.ENDORSE_DEFAULT_ASSOCIATION
    )
    for person in User._base_manager.filter(groups__name__in=ROLES).distinct():
        for group in person.groups.filter(name__in=ROLES):
            StaffRole._base_manager.get_or_create(
                person=person, association=association, role=group.name
            )


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0001_initial"),
        ("accounts", "0006_merge_memberships_messages"),
    ]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
