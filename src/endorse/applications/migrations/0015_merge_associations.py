# Joins two branches of migrations written side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0012_merge_every_category'),
        ('applications', '0014_association_required'),
    ]

    operations = [
    ]
