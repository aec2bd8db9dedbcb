import django.db.models.deletion
from django.db import migrations, models

import endorse.associations.models


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_association_fill")]
    operations = [
        migrations.AlterField(
            model_name="endorsement",
            name="association",
            field=models.ForeignKey(
                default=endorse.associations.models.current_association_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="endorsements",
                to="associations.association",
            ),
        ),
    ]
