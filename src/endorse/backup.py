"""`endorse backup` and `endorse restore`: one file holding the database and the stored documents.

The file is a zip: `manifest.json` (format, moment, database, the migrations it was made at),
`data.xml` (every record with its own key; Django's XML serializer keeps times to the
microsecond, which its JSON one rounds) and
`documents/<stored name>` (every stored file, byte for byte). Restoring needs an empty
database at the same migrations; it loads everything in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from endorse.accounts.models import User

FORMAT = "endorse-backup/1"
# Not records: derived tables Django rebuilds, sessions, and finished background tasks.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "django_tasks_database",
    "admin.logentry",
]


class BackupError(Exception):
    """A file that is not a backup of this product, or a database that is not empty."""


def stored_files(folder: str = "") -> Iterator[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(f"{folder}/{sub}" if folder else sub)


def _migrations() -> list[str]:
    return sorted(f"{m.app}.{m.name}" for m in MigrationRecorder.Migration.objects.all())


def backup_write(path: Path) -> dict[str, Any]:
    """Write the backup to `path`; returns its manifest."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,  # content types and permissions by name: rebuilt by migrations
        # Every association's rows: the base managers, which no association scope filters.
        use_base_manager=True,
        exclude=EXCLUDED,
        stdout=data,
        verbosity=0,
    )
    documents = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.xml", data.getvalue())
        for name in sorted(stored_files()):
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
            archive.writestr(f"documents/{name}", content)
            documents[name] = hashlib.sha256(content).hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "documents": documents,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def _open(path: Path) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read("manifest.json"))
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise BackupError(f"{path}: not an endorse backup file") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: format {manifest.get('format')!r}, expected {FORMAT}")
    return archive, manifest


def backup_restore(path: Path) -> dict[str, Any]:
    """Load the backup at `path` into this (migrated, empty) database and storage."""

    archive, manifest = _open(path)
    if manifest["migrations"] != _migrations():
        raise BackupError(
            f"{path}: made at other migrations than this database; run `endorse manage migrate` "
            "with the version that made it"
        )
    if User.objects.exists():
        raise BackupError("the database is not empty; restore only into a new database")
    for name, digest in manifest["documents"].items():
        if hashlib.sha256(archive.read(f"documents/{name}")).hexdigest() != digest:
            raise BackupError(f"{path}: document {name} is damaged")
    fixture = Path(path).with_suffix(".restore.xml")
    try:
        fixture.write_bytes(archive.read("data.xml"))
        with transaction.atomic():
            # The roles' groups come back with their own keys (nobody belongs to the new ones).
            Group.objects.all().delete()
            call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink(missing_ok=True)
    for name in manifest["documents"]:
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(archive.read(f"documents/{name}")))
        if saved != name:
            raise BackupError(f"document {name} could not be stored under its own name")
    return manifest
