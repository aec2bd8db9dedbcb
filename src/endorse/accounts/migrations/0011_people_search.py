"""The index behind `accounts.search.people_matching` (names and emails, any part of them).

PostgreSQL: the `pg_trgm` extension and a trigram GIN index on UPPER(name) and on UPPER(email),
the expressions Django's case-insensitive "contains" compares. SQLite: an FTS5 table over the
users' names and emails (trigram tokenizer from SQLite 3.34; words and their prefixes before),
kept in step with `accounts_user` by three triggers, and filled from the rows already there.
Each database runs only its own part; neither changes the models' state.
"""

from typing import Any

from django.db import migrations

from endorse.accounts.search import SQLITE_TOKENIZER

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS accounts_user_name_trgm ON accounts_user"
    " USING gin (UPPER(name::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS accounts_user_email_trgm ON accounts_user"
    " USING gin (UPPER(email::text) gin_trgm_ops)",
]
POSTGRESQL_BACK = [
    "DROP INDEX IF EXISTS accounts_user_email_trgm",
    "DROP INDEX IF EXISTS accounts_user_name_trgm",
]
SQLITE = [
    "CREATE VIRTUAL TABLE accounts_user_search USING fts5("
    f"name, email, content='accounts_user', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
    "CREATE TRIGGER accounts_user_search_insert AFTER INSERT ON accounts_user BEGIN"
    " INSERT INTO accounts_user_search(rowid, name, email) VALUES (new.id, new.name, new.email);"
    " END",
    "CREATE TRIGGER accounts_user_search_delete AFTER DELETE ON accounts_user BEGIN"
    " INSERT INTO accounts_user_search(accounts_user_search, rowid, name, email)"
    " VALUES ('delete', old.id, old.name, old.email);"
    " END",
    "CREATE TRIGGER accounts_user_search_update AFTER UPDATE OF name, email ON accounts_user BEGIN"
    " INSERT INTO accounts_user_search(accounts_user_search, rowid, name, email)"
    " VALUES ('delete', old.id, old.name, old.email);"
    " INSERT INTO accounts_user_search(rowid, name, email) VALUES (new.id, new.name, new.email);"
    " END",
    "INSERT INTO accounts_user_search(accounts_user_search) VALUES ('rebuild')",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS accounts_user_search_update",
    "DROP TRIGGER IF EXISTS accounts_user_search_delete",
    "DROP TRIGGER IF EXISTS accounts_user_search_insert",
    "DROP TABLE IF EXISTS accounts_user_search",
]


def _run(statements_by_vendor: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_residence_and_exceptions")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_BACK, "sqlite": SQLITE_BACK}),
        )
    ]
