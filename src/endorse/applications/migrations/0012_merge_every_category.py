# Joins two branches of migrations written side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0010_every_category'),
        ('applications', '0011_event_kinds_categories_conversations'),
    ]

    operations = [
    ]
