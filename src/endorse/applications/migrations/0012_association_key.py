import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0011_event_kinds_categories_conversations"),
        ("associations", "0002_default_association"),
    ]
    operations = [
        migrations.AddField(
            model_name="application",
            name="association",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="associations.association",
            ),
        ),
    ]
