import django.db.models.deletion
from django.db import migrations, models

import endorse.associations.models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_membership_held_with_fill")]
    operations = [
        migrations.AlterField(
            model_name="membership",
            name="held_with",
            field=models.ForeignKey(
                default=endorse.associations.models.current_association_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="associations.association",
            ),
        ),
    ]
