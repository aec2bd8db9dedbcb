"""The stored renewal date gives way to the dates the renewal engine reads: `renewed_through`
(the deadline of the last accepted renewal) and `reinstated_on`; the standing and the deadline
owed are computed from them (RULES-renewal.md 1 and 4).

A `renew_by` later than the first deadline after issue (31 December of the year after) meant a
renewal was recorded: it becomes `renewed_through`, 31 December of the year before it.
"""

import datetime
from typing import Any

from django.db import migrations, models


def renewed_through_from_renew_by(apps: Any, schema_editor: Any) -> None:
    Endorsement = apps.get_model("registry", "Endorsement")
    for endorsement in Endorsement._base_manager.all():
        if endorsement.renew_by.year > endorsement.issued_on.year + 1:
            endorsement.renewed_through = datetime.date(endorsement.renew_by.year - 1, 12, 31)
            endorsement.save(update_fields=["renewed_through"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_association_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="endorsement",
            name="reinstated_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="endorsement",
            name="renewed_through",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(renewed_through_from_renew_by, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="endorsement",
            name="renew_by",
        ),
    ]
