import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_merge_memberships_messages"),
        ("associations", "0002_default_association"),
    ]
    operations = [
        migrations.AddField(
            model_name="membership",
            name="held_with",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="memberships",
                to="associations.association",
            ),
        ),
    ]
