"""What every rule needs: the portfolio, the policy, the evaluation date, and shared wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..policy import Category, Policy
from ..portfolio import Portfolio, bands_of

AFTER_EVALUATION_DATE = "dated after the evaluation date"
BAND_MISMATCH = "age band does not match"


@dataclass(frozen=True, slots=True)
class Context:
    portfolio: Portfolio
    policy: Policy
    as_of: date
    category: Category
    # The graduation date of RULES.md's vocabulary; None when no counted degree exists yet.
    graduation_on: date | None

    @property
    def kind(self) -> str:
        """The category's kind: the key of the policy's tables."""
        return self.category.kind

    def clause(self, requirement: str, text: str) -> str:
        return self.policy.clause(requirement, self.category, text)

    def matches_band(self, age_bands: tuple[str, ...] | None) -> bool:
        """Whether an entry served the category's age band (RULES-categories.md 2)."""
        return self.category.band in bands_of(age_bands)

    def not_required_words(self) -> str:
        return f"Not required for {self.category.abbr}"


def ref(entry_id: str | None, collection: str, index: int) -> str:
    """How a result points at an entry: its id, or its position (`trainings.3`) when it has none."""
    return entry_id if entry_id is not None else f"{collection}.{index}"


def hours_text(hours: Decimal | int) -> str:
    """12.5 → '12.5', 30.0 → '30'."""
    if isinstance(hours, int):
        return str(hours)
    return format(hours.normalize(), "f")


def years_text(days: int, days_per_year: int, *, round_up: bool = False) -> str:
    """Days as years with two decimals. What someone has is truncated, so an unmet requirement
    never reads as met (729 days are 1.99 years); what is still missing is rounded up, so it is
    never understated."""
    hundredths = -(-days * 100 // days_per_year) if round_up else days * 100 // days_per_year
    whole, part = divmod(hundredths, 100)
    return f"{whole}" if part == 0 else f"{whole}.{part:02d}".rstrip("0")


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
