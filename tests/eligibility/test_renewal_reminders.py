"""Which renewal reminder is due on a day (choice R38): the policy's days counted from `W`,
`D` and `G`, the latest one whose day has come, only while renewal is due or overdue."""

from __future__ import annotations

from datetime import date

import pytest

from endorse.eligibility.policy import PolicyError
from endorse.eligibility.renewal_file import Endorsement, InactivePeriod
from endorse.eligibility.renewal_policy import load_renewal_policy, renewal_policy_from_data
from endorse.eligibility.renewal_reminders import ReminderDay, reminder_days, reminder_due
from endorse.eligibility.renewal_standing import renewal_dates, standing_on

from .renewal_builders import policy_data

ANNUAL = load_renewal_policy("annual")
# "As 1" of RULES-renewal.md 8: due 31 December 2026.
AS_1 = Endorsement(number="MI-0042", category="IMHS", issued_on=date(2025, 6, 10))


def due(on: date, endorsement: Endorsement = AS_1, policy=ANNUAL) -> str | None:
    found = reminder_due(standing_on(endorsement, policy, on), policy, on)
    return found.kind if found else None


@pytest.mark.parametrize(
    ("on", "kind"),
    [
        (date(2026, 9, 30), None),
        (date(2026, 10, 1), "window_opened"),
        (date(2026, 11, 29), "window_opened"),
        (date(2026, 11, 30), "month_before"),
        (date(2026, 12, 30), "month_before"),
        (date(2026, 12, 31), "deadline"),
        (date(2027, 1, 23), "deadline"),
        (date(2027, 1, 24), "grace"),
        (date(2027, 1, 31), "grace"),
        (date(2027, 2, 1), None),
    ],
)
def test_the_reminder_due_is_the_latest_whose_day_has_come(on, kind):
    assert due(on) == kind


def test_no_reminder_while_inactive_or_revoked():
    inactive = Endorsement(
        number="MI-0042",
        category="IMHS",
        issued_on=date(2025, 6, 10),
        inactive=(InactivePeriod(date(2026, 3, 1)),),
    )
    revoked = Endorsement(
        number="MI-0042", category="IMHS", issued_on=date(2025, 6, 10), revoked_on=date(2026, 4, 1)
    )
    assert (due(date(2026, 10, 1), inactive), due(date(2026, 10, 1), revoked)) == (None, None)


def test_triennial_reminds_in_the_cycle_year_only():
    triennial = load_renewal_policy("triennial")
    issued = Endorsement(number="X", category="IMHS", issued_on=date(2025, 3, 1))
    assert (
        due(date(2026, 10, 1), issued, triennial),
        due(date(2027, 10, 1), issued, triennial),
    ) == (None, "window_opened")


def test_without_grace_there_is_no_grace_reminder():
    data = policy_data("annual")
    data["grace_days"] = 0
    no_grace = renewal_policy_from_data(data)
    days = reminder_days(renewal_dates(AS_1, no_grace, date(2026, 10, 1)), no_grace)
    assert days == [
        ReminderDay("window_opened", date(2026, 10, 1)),
        ReminderDay("month_before", date(2026, 11, 30)),
        ReminderDay("deadline", date(2026, 12, 31)),
    ]


def test_a_policy_without_reminders_sends_none():
    data = policy_data("annual")
    del data["reminders"]
    silent = renewal_policy_from_data(data)
    assert (
        reminder_due(standing_on(AS_1, silent, date(2026, 12, 31)), silent, date(2026, 12, 31))
        is None
    )


@pytest.mark.parametrize(
    ("reminders", "message"),
    [
        (
            [{"kind": "window_opened", "from": "issued_on", "days": 0}],
            "malformed renewal policy file: reminders: window_opened counts from 'issued_on', "
            "not one of window_opens, deadline, grace_ends",
        ),
        (
            [
                {"kind": "deadline", "from": "deadline", "days": 0},
                {"kind": "deadline", "from": "deadline", "days": -1},
            ],
            "malformed renewal policy file: reminders: each kind once",
        ),
    ],
)
def test_a_policy_with_bad_reminders_is_refused_by_name(reminders, message):
    data = policy_data("annual")
    data["reminders"] = reminders
    with pytest.raises(PolicyError) as caught:
        renewal_policy_from_data(data)
    assert str(caught.value) == message
