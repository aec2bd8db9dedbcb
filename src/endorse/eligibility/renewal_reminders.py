"""Which renewal reminder is due on a day (choice R38).

A reminder falls on a day counted from `W`, `D` or `G` of the period owed (RULES-renewal.md 1);
a reminder counted from `G` belongs to the grace, so it falls after `D` or not at all, and no
reminder falls before `W` or after `G`. On a day `t` the reminder due is the latest one whose
day is on or before `t`: an earlier one missed (the job did not run that day) is not sent late
once a later one is due. Derived from the dates, never stored; the caller records what it sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .renewal_policy import Reminder, RenewalPolicy
from .renewal_standing import RenewalDates, Standing

# The standings a reminder is sent in: not active (the window is not open), not inactive,
# lapsed or revoked.
REMINDED = frozenset({"renewal_due", "overdue"})


@dataclass(frozen=True, slots=True)
class ReminderDay:
    kind: str
    on: date


def reminder_days(dates: RenewalDates, policy: RenewalPolicy) -> list[ReminderDay]:
    """The policy's reminders for the period owed at `dates.deadline`, by day."""
    anchors = {
        "window_opens": dates.window_opens_on,
        "deadline": dates.deadline,
        "grace_ends": dates.grace_ends_on,
    }
    days = []
    for reminder in policy.reminders:
        on = _day(reminder, anchors)
        if not dates.window_opens_on <= on <= dates.grace_ends_on:
            continue
        if reminder.anchor == "grace_ends" and on <= dates.deadline:
            continue
        days.append(ReminderDay(reminder.kind, on))
    return sorted(days, key=lambda day: day.on)


def _day(reminder: Reminder, anchors: dict[str, date]) -> date:
    return anchors[reminder.anchor] + timedelta(days=reminder.days)


def reminder_due(standing: Standing, policy: RenewalPolicy, on: date) -> ReminderDay | None:
    """The reminder due on `on` for the period the standing owes: the latest whose day has come,
    or None (before the first one, or in a standing that is not reminded)."""
    if standing.word not in REMINDED:
        return None
    due = [day for day in reminder_days(standing.dates, policy) if day.on <= on]
    return due[-1] if due else None
