import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0002_part2_responses"),
        ("associations", "0002_default_association"),
    ]
    operations = [
        migrations.AddField(
            model_name="examsitting",
            name="association",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="exam_sittings",
                to="associations.association",
            ),
        ),
    ]
