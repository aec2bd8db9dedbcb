"""The coordinator's archive export: requested (the worker builds it), built, downloaded once,
deleted after the download or when it expires. Each step is recorded on the export and as an
audit line (`endorse.audit`)."""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from endorse.accounts.models import User
from endorse.associations.models import Association

from .archive import archive_write
from .models import ArchiveExport

audit = logging.getLogger("endorse.audit")

# A built archive waits this long for its one download, then is deleted.
KEEP_FOR = timedelta(days=7)
CHUNK = 1024 * 1024
# A downloaded archive still stored this long after its download was cut off part-way.
LEFT_BEHIND = timedelta(hours=1)


class ExportRefused(Exception):
    """A download that cannot be given, with the sentence that says why."""


def export_request(*, association: Association, actor: User) -> ArchiveExport:
    """Record the request; the worker builds the archive after the commit."""
    from .tasks import export_build_task

    export = ArchiveExport.objects.create(
        association=association, requested_by=actor, requested_at=timezone.now()
    )
    audit.info("export %s of %s requested by %s", export.pk, association.slug, actor.email)
    transaction.on_commit(lambda: export_build_task.enqueue(export.pk))
    return export


def export_build(*, export: ArchiveExport) -> ArchiveExport:
    """Write the archive and store it (through the storage API: the bucket when there is one).
    Call it in the export's association's scope; a second call for a built export does nothing."""
    if export.built_at is not None or export.failed:
        return export
    association = export.association
    name = f"exports/{association.slug}/{get_random_string(32)}.zip"
    try:
        with tempfile.TemporaryFile() as out, timezone.override(association.zone):
            manifest = archive_write(association, out)
            size = out.tell()
            out.seek(0)
            digest = hashlib.sha256()
            for block in iter(lambda: out.read(CHUNK), b""):
                digest.update(block)
            out.seek(0)
            stored = default_storage.save(name, File(out, name="archive.zip"))
    except Exception as error:
        export.failed = f"{type(error).__name__}: {error}"[:2000]
        export.save(update_fields=["failed"])
        audit.info("export %s of %s failed: %s", export.pk, association.slug, export.failed)
        raise
    now = timezone.now()
    export.stored_name = stored
    export.size = size
    export.sha256 = digest.hexdigest()
    export.counts = manifest["counts"]
    export.built_at = now
    export.expires_at = now + KEEP_FOR
    export.save(update_fields=["stored_name", "size", "sha256", "counts", "built_at", "expires_at"])
    audit.info(
        "export %s of %s built: %s bytes, sha256 %s",
        export.pk,
        association.slug,
        size,
        export.sha256,
    )
    return export


def export_download(*, export: ArchiveExport, actor: User) -> Iterator[bytes]:
    """Mark the export downloaded (once: a second download is refused) and return its bytes;
    the stored file is deleted when they have all been read (or by `exports_expire`)."""
    with transaction.atomic():
        locked = ArchiveExport.objects.select_for_update().get(pk=export.pk)
        if locked.downloaded_at is not None:
            raise ExportRefused(
                f"This archive was downloaded already, on {_when(locked.downloaded_at)}; "
                "it is downloaded only once. Request a new one."
            )
        if locked.failed:
            raise ExportRefused("This archive could not be built. Request a new one.")
        if locked.built_at is None:
            raise ExportRefused("This archive is still being built. Try again in a minute.")
        if locked.deleted_at is not None or not locked.stored_name:
            raise ExportRefused(
                f"This archive expired on {_when(locked.expires_at)} and was deleted. "
                "Request a new one."
            )
        locked.downloaded_at = timezone.now()
        locked.downloaded_by = actor
        locked.save(update_fields=["downloaded_at", "downloaded_by"])
        audit.info(
            "export %s of %s downloaded by %s", locked.pk, locked.association.slug, actor.email
        )
    return _stream_then_delete(locked.pk, locked.stored_name)


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d at %H:%M}" if moment else "an earlier day"


def _stream_then_delete(pk: int, name: str) -> Iterator[bytes]:
    try:
        with default_storage.open(name, "rb") as stored:
            yield from iter(lambda: stored.read(CHUNK), b"")
    finally:
        _delete(pk, name)


def _delete(pk: int, name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
    ArchiveExport.objects.filter(pk=pk).update(stored_name="", deleted_at=timezone.now())


def exports_expire(*, now: datetime) -> int:
    """Delete the stored archives past their expiry, and any a download left behind (a download
    cut off part-way). Call it in an association's scope. Returns how many were deleted."""
    due = ArchiveExport.objects.exclude(stored_name="").filter(expires_at__lte=now) | (
        ArchiveExport.objects.exclude(stored_name="").filter(downloaded_at__lte=now - LEFT_BEHIND)
    )
    count = 0
    for export in due.select_related("association"):
        _delete(export.pk, export.stored_name)
        audit.info(
            "export %s of %s deleted (%s)",
            export.pk,
            export.association.slug,
            "downloaded" if export.downloaded_at else "expired",
        )
        count += 1
    return count
