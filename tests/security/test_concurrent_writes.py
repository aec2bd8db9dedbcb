"""Several writers at the same moment on one database file: they wait for each other, one wins
and the others get the product's own refusal, the same on SQLite as on PostgreSQL — never a 500
("database is locked")."""

from __future__ import annotations

import contextvars
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from endorse.applications.domain import TransitionError, application_transition
from endorse.applications.domain import application_submit as submit
from endorse.applications.enums import Status
from endorse.applications.models import Application, Submission
from endorse.review.domain import review_start
from endorse.review.models import ReviewAssignment

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

    # Each thread in the test's association scope, as each request runs in its association's.
    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(run, n)) for n in range(count)
    ]
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
        response = clients[index].post(
            f"/applications/{application.pk}/submit/", {"declared": "on"}, follow=True
        )
        text = response.content.decode()
        if '<h1 class="usa-alert__heading">Application submitted</h1>' in text:
            return response.status_code, "submitted"
        if "Not submitted: an application cannot go from Submitted to Submitted." in text:
            return response.status_code, "refused"
        return response.status_code, text[:200]

    answers = _at_once(3, submit)
    assert Counter(answers) == {(200, "submitted"): 1, (200, "refused"): 2}
    assert Submission.objects.filter(application=application).count() == 1


def test_two_moves_of_one_application_at_once_give_one_winner_and_a_plain_refusal(
    applicant, coordinator
):
    """Each writer loaded the application while it was submitted; the move is conditional on
    the stored status, so the second is refused with what happened, and nothing is recorded
    twice."""
    application = imported(applicant, "policy-ready-for-exam")
    submit(application=application, actor=applicant)
    copies = [Application.objects.get(pk=application.pk) for _ in range(2)]
    targets = [Status.UNDER_REVIEW, Status.WITHDRAWN]

    def move(index: int) -> str:
        application_transition(application=copies[index], to=targets[index], actor=coordinator)
        return "moved"

    answers = _at_once(2, move)
    application.refresh_from_db()
    winner = targets[answers.index("moved")]
    refusal = next(a for a in answers if a != "moved")
    assert isinstance(refusal, TransitionError)
    assert str(refusal) == (
        f"the application was changed by someone else: it is now {winner.label.lower()}"
    )
    assert application.status == winner
    assert [(e.data["frm"], e.data["to"]) for e in application.events.filter(kind="status")] == [
        ("draft", "submitted"),
        ("submitted", winner.value),
    ]


def test_two_coordinators_assigning_reviewers_at_once_assign_once(
    applicant, coordinator, reviewers
):
    """Before the move was conditional, the second assignment wrote a second pair of
    reviewers over the same round and failed on the database's unique key (a 500)."""
    application = imported(applicant, "policy-ready-for-exam")
    submit(application=application, actor=applicant)
    copies = [Application.objects.get(pk=application.pk) for _ in range(2)]

    def assign(index: int) -> int:
        return len(review_start(application=copies[index], reviewers=reviewers, actor=coordinator))

    answers = _at_once(2, assign)
    assert [a for a in answers if not isinstance(a, Exception)] == [2]
    (refusal,) = [a for a in answers if isinstance(a, Exception)]
    assert isinstance(refusal, TransitionError)
    assert str(refusal) == "the application was changed by someone else: it is now under review"
    assert ReviewAssignment.objects.filter(application=application).count() == 2
