"""Several writers at the same moment on one database file: they wait for each other, one wins
and the others get the product's own refusal, the same on SQLite as on PostgreSQL — never a 500
("database is locked")."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from endorse.applications.models import Submission

from ..conftest import imported, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run `action(0)` … `action(count - 1)` in as many threads released together; each thread
    has its own database connection, as each request of a threaded or multi-process server has.
    Returns what each returned, or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = action(index)
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_database_waits_for_a_writer_instead_of_failing():
    """Security review finding 11: the embedded SQLite database is configured for several
    writers (WAL journal, writers queue for the lock for a while instead of failing)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        waits_ms = cursor.fetchone()[0]
    assert journal == "wal"
    assert waits_ms >= 10_000
    assert connection.transaction_mode == "IMMEDIATE"


def test_three_submits_at_once_submit_once_and_tell_the_others(applicant):
    """Security review finding 11: three submits of one application at the same moment give one
    submission; the other two get the same refusal as on PostgreSQL, not a 500."""
    application = imported(applicant, "policy-ready-for-exam")
    clients = []
    for _ in range(3):
        client = Client(raise_request_exception=False)
        sign_in(client, applicant)
        clients.append(client)

    def submit(index: int) -> tuple[int, str]:
        response = clients[index].post(f"/applications/{application.pk}/submit/", follow=True)
        text = response.content.decode()
        if "Your application is submitted" in text:
            return response.status_code, "submitted"
        if "Not submitted: an application cannot go from Submitted to Submitted." in text:
            return response.status_code, "refused"
        return response.status_code, text[:200]

    answers = _at_once(3, submit)
    assert Counter(answers) == {(200, "submitted"): 1, (200, "refused"): 2}
    assert Submission.objects.filter(application=application).count() == 1
