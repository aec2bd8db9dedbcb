"""`Application.evidence_version`, raised by the database itself on every write to a row the
applicant's workspace shows for an application (decision 0008): `workspace.cache` keeps the
rendered page per version, so a write that forgot to say so cannot leave a stale page.

One trigger (SQLite: three, one per event) per table of `BUMPS`, each raising the version of the
application(s) that the old and the new row belong to: `QuerySet.update()`, `bulk_create`, raw
SQL and the admin raise it alike. A last trigger keeps the version from going down when an
`Application` read before such a write is saved after it (Django writes every column).

The SQL is generated here for each database from the one list, so that it stays as it was when
this migration ran: a table shown later needs a migration of its own (the guard test
`tests/workspace/test_cache_versions.py` reads the triggers installed, and fails until then).
SQLite drops a table's triggers when a migration rebuilds the table: that test fails then too.
"""

from typing import Any

from django.db import migrations, models

APPLICATION = "applications_application"

# Each table, and which applications a row of it belongs to: a condition on the application's
# columns, `{row}` standing for the row (OLD or NEW).
BUMPS: dict[str, str] = {
    # The evidence sections (`applications.evidence.EVIDENCE`), raters and what hangs off them.
    "applications_degree": "id = {row}.application_id",
    "applications_certificate": "id = {row}.application_id",
    "applications_license": "id = {row}.application_id",
    "applications_training": "id = {row}.application_id",
    "applications_workentry": "id = {row}.application_id",
    "applications_leadershipactivity": "id = {row}.application_id",
    "applications_supervisionentry": "id = {row}.application_id",
    # A reinstatement's rater has no application: the condition matches none.
    "applications_rater": "id = {row}.application_id",
    "references_rating": (
        "id = (SELECT application_id FROM applications_rater WHERE id = {row}.rater_id)"
    ),
    "applications_ethicssignature": "id = {row}.application_id",
    "applications_document": "id = {row}.application_id",
    # Events: when the applicant answered a request for information (`conversations.queries`).
    "applications_applicationevent": "id = {row}.application_id",
    # The applicant's memberships: every application of theirs.
    "accounts_membership": "applicant_id = {row}.person_id",
    # The conversation: threads and their messages.
    "conversations_thread": "id = {row}.application_id",
    "conversations_message": (
        "id = (SELECT application_id FROM conversations_thread WHERE id = {row}.thread_id)"
    ),
    # The endorsement the application led to (the workspace's endorsement box).
    "registry_endorsement": "id = {row}.application_id",
}
# A person's name and email: the engine reads the applicant's, the conversation its authors'.
USER = (
    "applicant_id = NEW.id OR id IN (SELECT thread.application_id FROM conversations_thread"
    " AS thread JOIN conversations_message AS message ON message.thread_id = thread.id"
    " WHERE message.author_id = NEW.id)"
)
# Only a change of either: Django's `save()` writes every column of a person saved.
USER_CHANGED = "OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email"


def _bump(condition: str, row: str) -> str:
    return (
        f"UPDATE {APPLICATION} SET evidence_version = evidence_version + 1"
        f" WHERE {condition.format(row=row)};"
    )


def _sqlite() -> list[str]:
    statements = []
    for table, condition in BUMPS.items():
        rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}
        for event, names in rows.items():
            body = " ".join(_bump(condition, name) for name in names)
            statements.append(
                f"CREATE TRIGGER evidence_version_{table}_{event} AFTER {event.upper()}"
                f" ON {table} BEGIN {body} END"
            )
    statements += [
        "CREATE TRIGGER evidence_version_accounts_user_update AFTER UPDATE OF name, email"
        f" ON accounts_user WHEN {USER_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN {_bump(USER, 'NEW')} END",
        "CREATE TRIGGER evidence_version_kept AFTER UPDATE OF evidence_version ON"
        f" {APPLICATION} WHEN NEW.evidence_version < OLD.evidence_version BEGIN"
        f" UPDATE {APPLICATION} SET evidence_version = OLD.evidence_version WHERE id = NEW.id;"
        " END",
    ]
    return statements


def _sqlite_back() -> list[str]:
    names = [f"{table}_{event}" for table in BUMPS for event in ("insert", "update", "delete")]
    names += ["accounts_user_update", "kept"]
    return [f"DROP TRIGGER IF EXISTS evidence_version_{name}" for name in names]


def _postgresql() -> list[str]:
    statements = []
    for table, condition in {**BUMPS, "accounts_user": USER}.items():
        if table == "accounts_user":
            body, events = _bump(condition, "NEW"), "UPDATE OF name, email"
            when = f" WHEN ({USER_CHANGED})"
        else:
            body = (
                f"IF TG_OP <> 'INSERT' THEN {_bump(condition, 'OLD')} END IF;"
                f" IF TG_OP <> 'DELETE' THEN {_bump(condition, 'NEW')} END IF;"
            )
            events, when = "INSERT OR UPDATE OR DELETE", ""
        statements += [
            f"CREATE OR REPLACE FUNCTION evidence_version_{table}() RETURNS trigger"
            f" LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$",
            f"CREATE TRIGGER evidence_version_{table} AFTER {events} ON {table}"
            f" FOR EACH ROW{when} EXECUTE FUNCTION evidence_version_{table}()",
        ]
    statements += [
        "CREATE OR REPLACE FUNCTION evidence_version_kept() RETURNS trigger LANGUAGE plpgsql"
        " AS $$ BEGIN IF NEW.evidence_version < OLD.evidence_version THEN"
        " NEW.evidence_version := OLD.evidence_version; END IF; RETURN NEW; END $$",
        f"CREATE TRIGGER evidence_version_kept BEFORE UPDATE ON {APPLICATION}"
        " FOR EACH ROW EXECUTE FUNCTION evidence_version_kept()",
    ]
    return statements


def _postgresql_back() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS evidence_version_{table} ON {table}"
        for table in [*BUMPS, "accounts_user"]
    ]
    statements.append(f"DROP TRIGGER IF EXISTS evidence_version_kept ON {APPLICATION}")
    statements += [
        f"DROP FUNCTION IF EXISTS evidence_version_{name}()"
        for name in [*BUMPS, "accounts_user", "kept"]
    ]
    return statements


def _run(statements_by_vendor: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0017_merge_queue_index_and_rater_owner"),
        ("accounts", "0011_people_search"),
        ("conversations", "0004_association_required"),
        ("references", "0003_question_set"),
        ("registry", "0007_merge_moves_and_renewal_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="evidence_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(
            _run({"postgresql": _postgresql(), "sqlite": _sqlite()}),
            _run({"postgresql": _postgresql_back(), "sqlite": _sqlite_back()}),
        ),
    ]
