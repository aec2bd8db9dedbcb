import django.db.models.deletion
from django.db import migrations, models

import endorse.associations.models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_association_fill")]
    operations = [
        migrations.AlterField(
            model_name="outboxmessage",
            name="association",
            field=models.ForeignKey(
                null=True,
                blank=True,
                default=endorse.associations.models.current_association_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="outbox",
                to="associations.association",
            ),
        ),
    ]
