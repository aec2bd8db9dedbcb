"""What every rule needs: the portfolio, the policy, the evaluation date, and shared wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..policy import Policy
from ..portfolio import Portfolio

AFTER_EVALUATION_DATE = "dated after the evaluation date"


@dataclass(frozen=True, slots=True)
class Context:
    portfolio: Portfolio
    policy: Policy
    as_of: date
    designation: str
    # The graduation date of RULES.md's vocabulary; None when no counted degree exists yet.
    graduation_on: date | None


def ref(entry_id: str | None, collection: str, index: int) -> str:
    """How a result points at an entry: its id, or its position (`trainings.3`) when it has none."""
    return entry_id if entry_id is not None else f"{collection}.{index}"


def hours_text(hours: Decimal | int) -> str:
    """12.5 → '12.5', 30.0 → '30'."""
    if isinstance(hours, int):
        return str(hours)
    return format(hours.normalize(), "f")


def years_text(days: int, days_per_year: int, *, round_up: bool = False) -> str:
    """Days as years with one decimal. What someone has is rounded down, so an unmet requirement
    never reads as met; what is still missing is rounded up, so it is never understated."""
    tenths = -(-days * 10 // days_per_year) if round_up else days * 10 // days_per_year
    whole, tenth = divmod(tenths, 10)
    return f"{whole}" if tenth == 0 else f"{whole}.{tenth}"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_text(day: date) -> str:
    """A date as people write it: 24 November 2026 (the same in every locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
