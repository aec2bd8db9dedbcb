import django.db.models.deletion
from django.db import migrations, models

import endorse.associations.models


class Migration(migrations.Migration):
    dependencies = [("conversations", "0003_association_fill")]
    operations = [
        migrations.AlterField(
            model_name="thread",
            name="association",
            field=models.ForeignKey(
                default=endorse.associations.models.current_association_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="threads",
                to="associations.association",
            ),
        ),
    ]
