"""Calendar arithmetic of the requirements: inclusive periods, calendar years, unions of days.

All periods are inclusive of both ends (RULES.md, "Inclusive dates"). Calendar years are added
the way a person counts them: 29 February plus one year is 28 February.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import MAXYEAR, MINYEAR, date, timedelta

ONE_DAY = timedelta(days=1)
_LAST_ORDINAL = date.max.toordinal()

# Portfolios hold dates from 1900 to 2100 (`portfolio.EARLIEST_DATE`, `LATEST_DATE`); the parser
# refuses others. Rows written before that bound, or a caller building a `Portfolio` itself, may
# still hold any date, so every function here stops at the ends of the calendar Python can
# represent (`date.min`, `date.max`) instead of overflowing, and is exact wherever the true
# answer exists.


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to 28 February."""
    year = day.year + years
    if year > MAXYEAR:
        return date.max
    if year < MINYEAR:
        return date.min
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def shift_days(day: date, days: int) -> date:
    """`day` moved by `days` days, stopping at the first or last representable day."""
    return date.fromordinal(min(max(day.toordinal() + days, 1), _LAST_ORDINAL))


def span_end(start: date, years: int) -> date:
    """The last day of a span of `years` calendar years that begins on `start`.

    2024-01-01 + 1 year ends on 2024-12-31; 2024-03-01 + 1 year ends on 2025-02-28.
    """
    if start == date.min:
        # The day before does not exist; 31 December of year 0 plus `years` is this.
        return add_years(date(MINYEAR, 12, 31), years - 1)
    return add_years(start - ONE_DAY, years)


# Window ends by years, keyed by start ordinal: the RS/C search asks for the same days often.
_SPAN_ENDS: dict[int, dict[int, int]] = {}


def span_end_ordinals(years: int) -> dict[int, int]:
    """A cache of `span_end` on day ordinals for `years`; read it with `span_end_ordinal`."""
    return _SPAN_ENDS.setdefault(years, {})


def span_end_ordinal(start_ordinal: int, years: int) -> int:
    """`span_end` on day ordinals, cached."""
    cache = span_end_ordinals(years)
    end = cache.get(start_ordinal)
    if end is None:
        if len(cache) > 100_000:
            cache.clear()
        end = cache[start_ordinal] = span_end(date.fromordinal(start_ordinal), years).toordinal()
    return end


def inclusive_days(start: date, end: date) -> int:
    """Number of days from `start` to `end`, both included."""
    return (end - start).days + 1


def union_days(periods: Iterable[tuple[date, date]]) -> int:
    """Days covered by the union of inclusive periods; overlapping days count once."""
    total = 0
    current_start: date | None = None
    current_end: date | None = None
    for start, end in sorted(periods):
        if current_end is None or current_start is None:
            current_start, current_end = start, end
        elif start.toordinal() <= current_end.toordinal() + 1:  # overlapping or adjacent
            if end > current_end:
                current_end = end
        else:
            total += inclusive_days(current_start, current_end)
            current_start, current_end = start, end
    if current_start is not None and current_end is not None:
        total += inclusive_days(current_start, current_end)
    return total


def is_less_than_a_year_old(day: date, as_of: date, years: int = 1) -> bool:
    """True when something dated `day` is within `years` of `as_of` (exactly a year still counts)."""
    return add_years(day, years) >= as_of
