"""RULES.md, Vocabulary: inclusive dates, calendar spans, unions of days, "one year old"."""

from datetime import date

import pytest

from endorse.eligibility.calendar import (
    add_years,
    inclusive_days,
    is_less_than_a_year_old,
    shift_days,
    span_end,
    union_days,
)


def test_add_years_29_february_plus_one_year_is_28_february():
    """Vocabulary, calendar span: 29 February plus one year is 28 February."""
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2024, 3, 1), 1, date(2025, 2, 28)),
        (date(2024, 1, 1), 1, date(2024, 12, 31)),
        (date(2023, 1, 1), 2, date(2024, 12, 31)),
    ],
)
def test_span_end_examples_of_the_vocabulary(start, years, end):
    """Vocabulary, calendar span: 2024-03-01..2025-02-28 and 2024-01-01..2024-12-31 are exactly one
    year; 2023-01-01..2024-12-31 exactly two."""
    assert span_end(start, years) == end


def test_inclusive_days_counts_both_ends():
    """Vocabulary, inclusive dates: a period includes both days."""
    assert inclusive_days(date(2024, 1, 1), date(2024, 1, 1)) == 1
    assert inclusive_days(date(2024, 1, 1), date(2024, 12, 31)) == 366


def test_union_days_counts_overlaps_once():
    """Vocabulary, years of experience: the union of periods; overlaps count once."""
    periods = [(date(2020, 1, 1), date(2020, 1, 10)), (date(2020, 1, 5), date(2020, 1, 20))]
    assert union_days(periods) == 20


def test_union_days_joins_adjacent_periods_and_keeps_gaps():
    periods = [
        (date(2020, 1, 11), date(2020, 1, 20)),
        (date(2020, 1, 1), date(2020, 1, 10)),
        (date(2020, 2, 1), date(2020, 2, 1)),
    ]
    assert union_days(periods) == 21


def test_union_days_of_a_period_inside_another():
    assert (
        union_days([(date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 3, 1), date(2020, 3, 31))])
        == 366
    )


def test_one_year_old_exactly_a_year_still_counts():
    """Vocabulary, one year old: dated d is less than one year old on t when d + 1 year >= t."""
    assert is_less_than_a_year_old(date(2025, 11, 24), date(2026, 11, 24)) is True
    assert is_less_than_a_year_old(date(2025, 11, 23), date(2026, 11, 24)) is False


def test_calendar_arithmetic_stops_at_the_ends_of_the_calendar():
    """Security review finding 10: the engine's arithmetic never overflows, whatever date it is
    given (a stored row can hold a date the parser would refuse): it stops at the first and last
    day Python can represent, and is exact wherever the true answer exists."""
    assert add_years(date.max, 1) == date.max
    assert add_years(date.min, -1) == date.min
    assert add_years(date(9998, 2, 28), 1) == date(9999, 2, 28)
    assert span_end(date.min, 1) == date(1, 12, 31)
    assert span_end(date.min, 0) == date.min
    assert span_end(date.max, 2) == date.max
    assert shift_days(date.max, 1) == date.max
    assert shift_days(date.min, -1) == date.min
    assert shift_days(date(2024, 2, 28), 2) == date(2024, 3, 1)
    assert union_days([(date.max, date.max), (date.min, date.min)]) == 2
    assert union_days([(date(9999, 12, 30), date.max), (date.max, date.max)]) == 2
    assert is_less_than_a_year_old(date.max, date.max) is True
    assert is_less_than_a_year_old(date.min, date.max) is False
