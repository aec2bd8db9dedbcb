"""Large import files in the background worker (docs/import.md, "Large files"): the page
stores the file as a job, the worker runs the dry run (and, to apply, the apply) and records the
rows checked as it goes, which the page polls; the report is kept with the job.

Only the check's progress can be shown: the apply writes every row in one transaction, which
nobody outside it sees until it commits (all or nothing)."""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from endorse.accounts.models import User
from endorse.associations.models import Association

from .bundle import read_bundle
from .columns import Kind
from .core import report_json
from .domain import import_apply, import_check
from .models import ImportJob, JobState
from .reader import ImportFileError, Table

logger = logging.getLogger(__name__)

# The progress is written at most this often (seconds): a row of the jobs table, not per row.
PROGRESS_SECONDS = 0.5


def in_background(table: Table) -> bool:
    """Whether a file this large is checked and applied by the worker rather than at once."""
    return len(table.rows) > settings.ENDORSE_IMPORT_BACKGROUND_ROWS


def import_job_start(
    *,
    association: Association,
    actor: User | None,
    kind: Kind,
    apply: bool,
    filename: str,
    data: bytes,
    beside: Iterable[tuple[str, bytes]] = (),
    rows: int = 0,
) -> ImportJob:
    """Keep the file (and the files beside it) as a job, and queue it for the worker once the
    job is committed. Call it in `association`'s scope."""
    from .tasks import import_job_task

    job = ImportJob.objects.create(
        association=association,
        kind=str(kind),
        apply=apply,
        actor=actor,
        filename=filename,
        data=data,
        portfolios={name: base64.b64encode(content).decode() for name, content in beside},
        rows_total=rows,
    )
    transaction.on_commit(lambda: import_job_task.enqueue(job.pk))
    return job


def import_job_run(job_id: int) -> str:
    """Run a job: read the file, check it telling the job the rows checked, then (to apply,
    when no row has a problem) apply it; keep the report. Returns the job's state."""
    with scopes_disabled():  # the worker knows the job by its key; its association follows
        job = ImportJob.objects.select_related("association", "actor").get(pk=job_id)
    with scope(association=job.association):
        claimed = ImportJob.objects.filter(pk=job.pk, state=JobState.WAITING).update(
            state=JobState.RUNNING
        )
        if not claimed:  # another worker has it, or it is done
            return str(ImportJob.objects.get(pk=job.pk).state)
        try:
            _run(job)
        except Exception as error:
            logger.exception("import job %s failed", job.pk)
            _finish(job, error=f"The import stopped: {str(error)[:300]}")
            return JobState.FAILED
    return JobState.DONE


def _run(job: ImportJob) -> None:
    kind = Kind(job.kind)
    beside = [(name, base64.b64decode(text)) for name, text in job.portfolios.items()]
    try:
        bundle = read_bundle(kind, job.filename, bytes(job.data), beside)
    except ImportFileError as error:
        _finish(job, error=f"{str(error)[:1].upper()}{str(error)[1:]}.")
        return
    total = len(bundle.table.rows)
    ImportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0, step="checking")
    last = time.monotonic()

    def progress(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_SECONDS or done == total:
            last = now
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done)

    table, association, portfolios = bundle.table, job.association, bundle.portfolio
    report = import_check(
        kind=kind, table=table, association=association, portfolios=portfolios, progress=progress
    )
    if job.apply and report.ok:
        ImportJob.objects.filter(pk=job.pk).update(step="writing")
        report = import_apply(
            kind=kind, table=table, association=association, actor=job.actor, portfolios=portfolios
        )
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        step="done",
        report=report_json(report),
        finished_at=timezone.now(),
        data=b"",  # the file is not kept once read
        portfolios={},
    )


def _finish(job: ImportJob, *, error: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, error=error, finished_at=timezone.now(), data=b"", portfolios={}
    )


def import_job_status(job: ImportJob) -> dict[str, object]:
    """What the page polls: the state, the step, rows done of rows in all."""
    return {
        "state": job.state,
        "step": job.step,
        "done": job.rows_done,
        "total": job.rows_total,
    }
