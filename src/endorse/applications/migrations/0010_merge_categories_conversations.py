# Joins two branches of migrations written side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0009_category_evidence_fields'),
        ('applications', '0009_conversation_event_kinds'),
    ]

    operations = [
    ]
