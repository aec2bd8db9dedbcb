"""The cache table (settings.CACHE_TABLE): sign-in limits and used authenticator codes, shared
by every process when no Redis is configured. Created whatever cache the settings choose, so
`endorse manage migrate` alone makes a database ready for any of them."""

from typing import Any

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "endorse_cache"


def create(apps: Any, schema_editor: Any) -> None:
    command = CreateCacheTable()
    command.verbosity = 0  # set by the command's handle(), which is not run here
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_membership_verification_registry_listing"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
