"""Reminders on the configured days, expiry that tells the applicant, nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from endorse.references.domain import references_chase

from .conftest import full_answers, link_in

DAY = timedelta(days=1)


def _chase_on(start, day, deliver):
    """Run the worker's chase on day `day` after `start` (twice: it must be idempotent)."""
    with time_machine.travel(start + day * DAY, tick=False):
        first = references_chase(now=timezone.now())
        second = references_chase(now=timezone.now())
        return first, second, [(m.to[0], m.subject.split(":")[0]) for m in deliver()]


def test_reminders_go_on_days_7_and_14_and_never_twice(ask, deliver):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask()
        deliver()
    reminder = ("rita@example.org", "[Endorse] Reminder")
    sent = {day: _chase_on(start, day, deliver)[2] for day in (1, 6, 7, 8, 13, 14, 15, 29)}
    assert sent == {
        1: [],
        6: [],
        7: [reminder],
        8: [],
        13: [],
        14: [reminder],
        15: [],
        29: [],
    }


def test_reminders_stop_once_the_rating_is_complete(ask, deliver, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask()
        link = link_in(deliver()[0])
    assert _chase_on(start, 7, deliver)[2] == [("rita@example.org", "[Endorse] Reminder")]
    with time_machine.travel(start + 9 * DAY):
        client.post(f"{link}rating/", full_answers() | {"action": "submit"})
        deliver()
    assert [_chase_on(start, day, deliver)[2] for day in (14, 31)] == [[], []]


def test_a_worker_that_was_down_sends_one_reminder_not_two(ask, deliver):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask()
        deliver()
    first, _, sent = _chase_on(start, 16, deliver)
    assert (first, len(sent)) == ({"expired": 0, "reminders": 1}, 1)


def test_expiry_marks_the_request_and_tells_the_applicant_once(ask, deliver):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        rater = ask()
        deliver()
    first, second, sent = _chase_on(start, 30, deliver)
    assert (first, second) == ({"expired": 1, "reminders": 0}, {"expired": 0, "reminders": 0})
    assert sent == [("ada.applicant@example.org", "[Endorse] A reference request expired")]
    rater.refresh_from_db()
    assert rater.status == "expired"
    assert list(rater.application.events.values_list("kind", flat=True))[-1] == "reference_expired"


def test_reminder_days_are_the_associations_own(ask, deliver, association):
    association.reference_reminder_days = [3]  # the request's and the chase's association
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ask()
        deliver()
    sent = {day: len(_chase_on(start, day, deliver)[2]) for day in (2, 3, 7, 14)}
    assert sent == {2: 0, 3: 1, 7: 0, 14: 0}
