# Joins two branches of migrations written side by side.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_membership_without_expiry'),
        ('accounts', '0005_user_message_emails'),
    ]

    operations = [
    ]
