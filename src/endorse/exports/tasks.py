"""The archive's build, a background task run by `endorse worker` (django-tasks-db)."""

from __future__ import annotations

from django.tasks import task
from django_scopes import scope, scopes_disabled

from .domain import export_build
from .models import ArchiveExport


@task()
def export_build_task(export_id: int) -> str:
    """Build one requested archive, in its association's scope."""
    # The export's association is not known before the row is read: looked up by its key alone.
    with scopes_disabled():
        export = ArchiveExport.objects.select_related("association").get(pk=export_id)
    with scope(association=export.association):
        export_build(export=export)
    return export.state
