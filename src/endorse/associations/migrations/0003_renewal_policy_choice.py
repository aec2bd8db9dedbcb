"""The renewal policy becomes a choice of the engine's policies; blank fees mean the policy's.

Existing free-text values become `annual` (a shipped policy name is kept). Nothing read the fee
fields before, and 0 was only their default, so 0 becomes blank: the policy's fee.
"""

from typing import Any

import endorse.associations.models
from django.db import migrations, models

SHIPPED = ("annual", "triennial")


def to_policy_names(apps: Any, schema_editor: Any) -> None:
    Association = apps.get_model("associations", "Association")
    for association in Association._base_manager.all():
        policy = association.renewal_policy.strip().lower()
        association.renewal_policy = policy if policy in SHIPPED else "annual"
        if association.renewal_fee == 0:
            association.renewal_fee = None
        if association.late_fee == 0:
            association.late_fee = None
        association.save(update_fields=["renewal_policy", "renewal_fee", "late_fee"])


class Migration(migrations.Migration):

    dependencies = [
        ('associations', '0002_default_association'),
    ]

    operations = [
        migrations.AlterField(
            model_name='association',
            name='late_fee',
            field=models.DecimalField(blank=True, decimal_places=2, help_text="Blank: the renewal policy's late fee.", max_digits=8, null=True),
        ),
        migrations.AlterField(
            model_name='association',
            name='renewal_fee',
            field=models.DecimalField(blank=True, decimal_places=2, help_text="Blank: the renewal policy's fee.", max_digits=8, null=True),
        ),
        migrations.RunPython(to_policy_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='association',
            name='renewal_policy',
            field=models.CharField(choices=endorse.associations.models.renewal_policy_choices, default='annual', max_length=40),
        ),
    ]
