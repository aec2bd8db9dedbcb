import django.db.models.deletion
from django.db import migrations, models

import endorse.associations.models


class Migration(migrations.Migration):
    dependencies = [("applications", "0013_association_fill")]
    operations = [
        migrations.AlterField(
            model_name="application",
            name="association",
            field=models.ForeignKey(
                default=endorse.associations.models.current_association_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="associations.association",
            ),
        ),
    ]
