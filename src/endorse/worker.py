"""The background worker: `endorse worker`.

Runs the tasks queued in the database (django-tasks-db: emails after commit) and, every
ENDORSE_WORKER_SWEEP_SECONDS, the periodic jobs: sending what is due in the outbox (retries,
rows whose task was lost, leases left by a dead worker) and chasing reference requests
(reminders and expiry), mailing people what is new in their conversations (batched), and
recording the endorsements whose grace ended (the lapse, told once to the endorsee), and
sending the renewal reminders due (each once per endorsement and period), and deleting the
archive exports past their expiry. Archive exports are built as queued tasks.
Several workers may run at once: every job claims its rows first.
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_scopes import scope, scopes_disabled
from django_tasks_db.management.commands.db_worker import Worker

from endorse.associations.models import Association, current_association
from endorse.conversations.domain import conversations_notify
from endorse.exports.domain import exports_expire
from endorse.notifications.delivery import outbox_flush
from endorse.references.domain import references_chase
from endorse.renewals.domain import renewal_record_lapses
from endorse.renewals.reminders import renewal_send_reminders

logger = logging.getLogger("endorse.worker")


def periodic_jobs() -> list[tuple[str, Callable[[], object]]]:
    return [
        ("outbox", outbox_flush),
        ("references", each_association(lambda: references_chase(now=timezone.now()))),
        ("conversations", every_association(lambda: conversations_notify(now=timezone.now()))),
        ("lapses", each_association(record_lapses)),
        ("renewal reminders", each_association(send_renewal_reminders)),
        ("expired exports", each_association(lambda: exports_expire(now=timezone.now()))),
    ]


def record_lapses() -> None:
    """The current association's lapses, on today's date in its time zone (the standing itself
    is computed wherever it is shown; this records the event and tells the endorsee once)."""
    association = current_association()
    assert association is not None
    renewal_record_lapses(today=timezone.localdate(timezone=ZoneInfo(association.time_zone)))


def send_renewal_reminders() -> None:
    """The current association's renewal reminders due today in its time zone."""
    association = current_association()
    assert association is not None
    renewal_send_reminders(today=timezone.localdate(timezone=ZoneInfo(association.time_zone)))


def each_association(job: Callable[[], object]) -> Callable[[], None]:
    """`job` once in the scope of each association: its settings (reminder days), its rows,
    its address in the links it mails and its time zone in the dates they show."""

    def run() -> None:
        with scopes_disabled():
            associations = list(Association.objects.order_by("pk"))
        for association in associations:
            with scope(association=association), timezone.override(association.zone):
                job()

    return run


def every_association(job: Callable[[], object]) -> Callable[[], None]:
    """`job` once for the whole installation, scopes disabled on purpose: the message digest is
    one email per person, whatever associations their conversations are with."""

    def run() -> None:
        with scopes_disabled():
            job()

    return run


def run_periodic_jobs() -> None:
    """Run each periodic job once; one failing job is logged and does not stop the others."""
    for name, job in periodic_jobs():
        try:
            job()
        except DatabaseError as error:
            # The database is away: one line a sweep, not a traceback; the next sweep retries.
            logger.error("periodic job %s: database: %s", name, str(error).strip())
        except Exception:
            logger.exception("periodic job %s failed", name)
        finally:
            close_old_connections()


def run_worker(*, interval: float = 1.0, once: bool = False) -> None:
    """Run queued tasks and periodic jobs until stopped (SIGTERM/SIGINT finish the current task
    first). `once` runs everything due one time and returns (for cron and for tests)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    _stop_gracefully(worker)
    sweep_every = settings.ENDORSE_WORKER_SWEEP_SECONDS
    next_sweep = 0.0
    logger.info("worker started; periodic jobs every %s s", sweep_every)
    while worker.running:
        if time.monotonic() >= next_sweep:
            run_periodic_jobs()
            next_sweep = time.monotonic() + sweep_every
        worker.run()  # every ready task, then returns
        if once:
            return
        time.sleep(interval)


def _stop_gracefully(worker: Worker) -> None:
    """SIGTERM/SIGINT end the loop after what is running now, periodic jobs included (the
    library's handler exits at once outside a task, which can cut a periodic job's commit in
    half); a second signal exits at once."""

    def stop(signum: int, frame: object) -> None:
        if not worker.running:
            sys.exit(1)
        logger.info("%s: stopping after the current work", signal.strsignal(signum))
        worker.running = False

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
