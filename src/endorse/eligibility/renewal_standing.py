"""The dates and the standing of an endorsement on a day (RULES-renewal.md 1 and 4).

Derived from the endorsement's dates and the day considered, never stored: callers pass the day
(the engine never reads the clock). Events dated after that day are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .calendar import add_years
from .renewal_file import Endorsement, InactivePeriod
from .renewal_policy import RenewalPolicy

StandingWord = Literal["active", "renewal_due", "overdue", "inactive", "lapsed", "revoked"]
STANDINGS: tuple[StandingWord, ...] = (
    "active",
    "renewal_due",
    "overdue",
    "inactive",
    "lapsed",
    "revoked",
)
ONE_DAY = timedelta(days=1)
# RULES-renewal.md 4, the table: who is listed on the public registry (if they consented) and
# may call themselves endorsed. Overdue holders stay listed through the grace (choice R5).
LISTED: frozenset[StandingWord] = frozenset({"active", "renewal_due", "overdue"})


@dataclass(frozen=True, slots=True)
class RenewalDates:
    """`B`, `F`, `D`, `W`, `G`, `P` and `k` of RULES-renewal.md 1 on one day (choice R28)."""

    base_on: date
    first_deadline: date
    deadline: date
    window_opens_on: date
    grace_ends_on: date
    period_start: date
    period_end: date
    years_owed: int


@dataclass(frozen=True, slots=True)
class Standing:
    word: StandingWord
    dates: RenewalDates
    # `L`: the first day of `lapsed`; None in every other standing.
    lapsed_on: date | None = None
    # The open inactive period on the day, when there is one.
    inactive: InactivePeriod | None = None

    @property
    def listed(self) -> bool:
        """Listed on the public registry (if the holder consented) and may call themselves
        endorsed (RULES-renewal.md 4, the table)."""
        return self.word in LISTED

    @property
    def may_record_inactive(self) -> bool:
        """Whether the registry may record an inactive period starting on this day: only while
        `active`, `renewal_due` or `overdue` (RULES-renewal.md 4; the evaluator does not check
        it, section 2)."""
        return self.word in LISTED


def base_on(endorsement: Endorsement, on: date) -> date:
    """`B`: the latest of `issued_on`, `reinstated_on` and every `reactivated_on`, each counted
    only when on or before `on` (choices R2, R19, R34)."""
    candidates = [endorsement.issued_on]
    if endorsement.reinstated_on is not None and endorsement.reinstated_on <= on:
        candidates.append(endorsement.reinstated_on)
    candidates.extend(
        period.reactivated_on
        for period in endorsement.inactive
        if period.reactivated_on is not None and period.reactivated_on <= on
    )
    return max(candidates)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def renewal_dates(endorsement: Endorsement, policy: RenewalPolicy, on: date) -> RenewalDates:
    """The renewal dates of `endorsement` on the day `on` (RULES-renewal.md 1)."""
    base = base_on(endorsement, on)
    cycle = policy.cycle_years
    year = base.year + 1
    while not policy.is_cycle_year(year):
        year += 1
    first = _year_end(year)
    through = endorsement.renewed_through
    deadline = first if through is None or through < base else _year_end(through.year + cycle)
    window = date(deadline.year, policy.window_opens.month, policy.window_opens.day)
    grace_end = deadline + timedelta(days=policy.grace_days)
    # Hours earned in the year of `B` count for nothing (choice R3).
    start_year = max(deadline.year - cycle + 1, base.year + 1)
    return RenewalDates(
        base_on=base,
        first_deadline=first,
        deadline=deadline,
        window_opens_on=window,
        grace_ends_on=grace_end,
        period_start=date(start_year, 1, 1),
        period_end=deadline,
        years_owed=deadline.year - start_year + 1,
    )


def open_inactive_period(endorsement: Endorsement, on: date) -> InactivePeriod | None:
    """The inactive period covering `on`: begun on or before it and not reactivated by it."""
    for period in endorsement.inactive:
        if period.start_on <= on and (period.reactivated_on is None or period.reactivated_on > on):
            return period
    return None


def standing_on(endorsement: Endorsement, policy: RenewalPolicy, on: date) -> Standing:
    """The standing on the day `on`: the first rule of RULES-renewal.md 4 that applies."""
    dates = renewal_dates(endorsement, policy, on)
    # 4.1: revoked is final (choices R21, R26).
    if endorsement.revoked_on is not None and endorsement.revoked_on <= on:
        return Standing("revoked", dates)
    # 4.2: in an inactive period, inactive for at most the policy's longest time (choice R20).
    period = open_inactive_period(endorsement, on)
    if period is not None:
        lapse = add_years(period.start_on, policy.inactive.longest_years)
        if on < lapse:
            return Standing("inactive", dates, inactive=period)
        return Standing("lapsed", dates, lapsed_on=lapse, inactive=period)
    # 4.3 to 4.6: by the deadline's window and grace.
    if on < dates.window_opens_on:
        return Standing("active", dates)
    if on <= dates.deadline:
        return Standing("renewal_due", dates)
    if on <= dates.grace_ends_on:
        return Standing("overdue", dates)
    return Standing("lapsed", dates, lapsed_on=dates.grace_ends_on + ONE_DAY)
