import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_issuing"),
        ("associations", "0002_default_association"),
    ]
    operations = [
        migrations.AddField(
            model_name="endorsement",
            name="association",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="endorsements",
                to="associations.association",
            ),
        ),
    ]
