import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0001_initial"),
        ("associations", "0002_default_association"),
    ]
    operations = [
        migrations.AddField(
            model_name="thread",
            name="association",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="threads",
                to="associations.association",
            ),
        ),
    ]
