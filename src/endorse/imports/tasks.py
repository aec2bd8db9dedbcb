"""Background tasks of the import, run by `endorse worker` (django-tasks-db)."""

from __future__ import annotations

from django.tasks import task

from . import jobs


@task()
def import_job_task(job_id: int) -> str:
    """Check (and apply) a large import file, telling its job the rows checked."""
    return jobs.import_job_run(job_id)
