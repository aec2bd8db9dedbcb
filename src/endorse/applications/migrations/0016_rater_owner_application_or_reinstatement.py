"""A rater belongs to an application or to a reinstatement after lapse (exactly one), and keeps
its association on the row (filled from its application) so both are scoped alike."""

from typing import Any

import django.db.models.deletion
import endorse.associations.models
from django.conf import settings
from django.db import migrations, models


def fill_association(apps: Any, schema_editor: Any) -> None:
    Rater = apps.get_model("applications", "Rater")
    Application = apps.get_model("applications", "Application")
    for pk, association_id in Application.objects.values_list("pk", "association_id"):
        Rater.objects.filter(application_id=pk).update(association_id=association_id)


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0015_merge_associations'),
        ('associations', '0006_merge_renewal_policy'),
        ('renewals', '0006_reinstatement_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='rater',
            name='association',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='associations.association'),
        ),
        migrations.RunPython(fill_association, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='rater',
            name='association',
            field=models.ForeignKey(default=endorse.associations.models.current_association_id, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='associations.association'),
        ),
        migrations.AddField(
            model_name='rater',
            name='reinstatement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='raters', to='renewals.renewal'),
        ),
        migrations.AlterField(
            model_name='rater',
            name='application',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='references', to='applications.application'),
        ),
        migrations.AddConstraint(
            model_name='rater',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('application__isnull', False), ('reinstatement__isnull', True)), models.Q(('application__isnull', True), ('reinstatement__isnull', False)), _connector='OR'), name='rater_has_one_owner'),
        ),
    ]
