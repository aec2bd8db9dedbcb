"""The standing in SQL (`registry.standing_sql`) is the engine's (`Endorsement.standing_on`):
for a generated population with renewal histories, and for endorsements made at every boundary
of RULES-renewal.md 1 and 4 under both shipped policies, on every month's last day over three
years and on each boundary and the days either side, the database's standing word and deadline
equal those `standing_on` computes, both as the registry asks (every association, each by its
policy) and as one association's queue asks (its policy alone)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.associations.routing import default_association
from endorse.devtools.population import populate
from endorse.registry.models import Endorsement
from endorse.registry.standing_sql import deadline_year, standing_word
from endorse.renewals.enums import InactiveReason
from endorse.renewals.models import InactivePeriod

from ..conftest import make_association

ONE_DAY = timedelta(days=1)
ZONE = timezone.get_default_timezone()


def month_ends(first_year: int, last_year: int) -> list[date]:
    return [
        date(year, month + 1, 1) - ONE_DAY if month < 12 else date(year, 12, 31)
        for year in range(first_year, last_year + 1)
        for month in range(1, 13)
    ]


def around(*days: date) -> list[date]:
    """Each day and the days either side."""
    return sorted({d + delta for d in days for delta in (-ONE_DAY, timedelta(0), ONE_DAY)})


def with_standing(endorsements, today, policy_names=None):
    """`endorsements` with the word and deadline year the lists filter and sort on."""
    return endorsements.annotate(
        standing_word=standing_word(today, policy_names),
        standing_deadline_year=deadline_year(today, policy_names),
    )


def sql_standings(endorsements: list[Endorsement], day: date) -> dict[str, tuple[str, date]]:
    """The database's standing word and deadline on `day`, as the registry asks (every
    association's endorsements, each by its association's policy)."""
    with scopes_disabled():
        rows = with_standing(
            Endorsement.objects.filter(pk__in=[e.pk for e in endorsements]), day
        ).values_list("number", "standing_word", "standing_deadline_year")
        return {number: (word, date(year, 12, 31)) for number, word, year in rows}


def sql_standings_by_association(
    endorsements: list[Endorsement], day: date
) -> dict[str, tuple[str, date]]:
    """The same, as one association's queue asks: its endorsements under its policy alone."""
    found: dict[str, tuple[str, date]] = {}
    with scopes_disabled():
        for association in {e.association for e in endorsements}:
            rows = with_standing(
                Endorsement.objects.filter(
                    pk__in=[e.pk for e in endorsements], association=association
                ),
                day,
                (association.renewal_policy,),
            ).values_list("number", "standing_word", "standing_deadline_year")
            found |= {number: (word, date(year, 12, 31)) for number, word, year in rows}
    return found


def engine_standings(endorsements: list[Endorsement], day: date) -> dict[str, tuple[str, date]]:
    found = {}
    for endorsement in endorsements:
        standing = endorsement.standing_on(day)
        found[endorsement.number] = (standing.word, standing.dates.deadline)
    return found


def loaded(numbers: list[str] | None = None) -> list[Endorsement]:
    with scopes_disabled():
        found = Endorsement.objects.select_related("association").prefetch_related(
            "inactive_periods"
        )
        if numbers is not None:
            found = found.filter(number__in=numbers)
        return list(found.order_by("number"))


def assert_agree(endorsements: list[Endorsement], days: list[date]) -> set[str]:
    """The database agrees with the engine for every endorsement on every day; returns the
    standing words seen (so a test can say it reached the boundary it names)."""
    assert endorsements
    seen: set[str] = set()
    for day in days:
        engine = engine_standings(endorsements, day)
        assert sql_standings(endorsements, day) == engine, day
        assert sql_standings_by_association(endorsements, day) == engine, day
        seen |= {word for word, _ in engine.values()}
    return seen


_numbers = iter(range(1, 10_000))


def made(association=None, **dates: object) -> Endorsement:
    """An endorsement with these recorded dates (`inactive`: (start_on, reactivated_on) pairs)."""
    inactive = dates.pop("inactive", ())
    association = association or default_association()
    with scopes_disabled():
        endorsement = Endorsement.objects.create(
            association=association,
            number=f"{association.number_prefix}{next(_numbers):05d}",
            name="Holder",
            level="II",
            category="Infant Mental Health Specialist",
            issued_on=dates.pop("issued_on", date(2025, 6, 10)),
            listed=True,
            **dates,
        )
        for start_on, reactivated_on in inactive:  # type: ignore[attr-defined]
            InactivePeriod.objects.create(
                association=association,
                endorsement=endorsement,
                start_on=start_on,
                reactivated_on=reactivated_on,
                reason=InactiveReason.LEAVE,
            )
    [found] = loaded([endorsement.number])
    return found


@pytest.fixture
def triennial(db):
    return make_association("tri", renewal_policy="triennial")


# A generated population


@pytest.fixture
def population(settings, db):
    """Generated holders who kept up, renewed late, lapsed, were reinstated and went inactive,
    in two associations; the second then follows the triennial policy."""
    settings.DEBUG = True  # the demo people are for local instances only
    populate(applicants=200, seed=3, associations=2)
    with scopes_disabled():
        second = Endorsement.objects.exclude(association=default_association()).first()
    assert second is not None
    second.association.renewal_policy = "triennial"
    second.association.save()
    return loaded()


def test_sql_standing_is_the_engines_for_a_generated_population_over_three_years(population):
    today = timezone.localdate()
    days = month_ends(today.year - 1, today.year + 1) + [
        day
        for year in range(today.year - 1, today.year + 2)
        for day in around(date(year, 10, 1), date(year, 12, 31), date(year + 1, 2, 1))
    ]

    seen = assert_agree(population, sorted(set(days)))

    assert {"active", "renewal_due", "overdue", "lapsed", "inactive"} <= seen
    assert {e.association.renewal_policy for e in population} == {"annual", "triennial"}


# RULES-renewal.md 1 and 4.3 to 4.6, annual: window, deadline, grace, lapse


def test_rules_1_and_4_3_to_4_6_annual_window_deadline_grace_and_lapse_days(db):
    """Examples 1 to 6: issued 2025-06-10, never renewed; issued on 31 December and 1 January."""
    endorsements = [
        made(issued_on=date(2025, 6, 10)),
        made(issued_on=date(2025, 12, 31)),
        made(issued_on=date(2026, 1, 1)),
    ]
    days = around(
        date(2025, 12, 31),
        date(2026, 10, 1),
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 10, 1),
        date(2027, 12, 31),
        date(2028, 1, 31),
    )

    seen = assert_agree(endorsements, days + month_ends(2025, 2028))

    assert seen == {"active", "renewal_due", "overdue", "lapsed"}


def test_rule_1_deadline_after_renewed_through_and_when_renewed_through_is_before_the_base(db):
    """Example 7 (`D` = year after `renewed_through`), a renewal never recorded after the base
    (a reinstatement after it: `F` from the reinstatement), and one far ahead."""
    endorsements = [
        made(renewed_through=date(2026, 12, 31)),
        made(
            issued_on=date(2022, 3, 1),
            renewed_through=date(2023, 12, 31),
            reinstated_on=date(2025, 7, 1),
        ),
        made(issued_on=date(2020, 1, 1), renewed_through=date(2030, 12, 31)),
    ]
    days = around(date(2025, 7, 1), date(2027, 10, 1), date(2027, 12, 31), date(2028, 1, 31))

    assert_agree(endorsements, days + month_ends(2025, 2028))


# RULES-renewal.md 1, triennial cycle years and first deadlines


def test_rule_1_triennial_first_deadline_in_the_next_cycle_year_and_its_grace(triennial):
    """Examples 18 to 21 and 23: issued 2026-12-31, 2027-01-01, 2025-03-01, 2024-05-01; issued
    before the anchor year (2018 to 2022: cycle years 2021 and 2024); renewed through 2024."""
    endorsements = [
        made(triennial, issued_on=day)
        for day in (
            date(2026, 12, 31),
            date(2027, 1, 1),
            date(2025, 3, 1),
            date(2024, 5, 1),
            date(2018, 5, 1),
            date(2020, 5, 1),
            date(2021, 5, 1),
            date(2022, 5, 1),
        )
    ] + [made(triennial, issued_on=date(2022, 5, 1), renewed_through=date(2024, 12, 31))]
    days = around(
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2027, 10, 1),
        date(2027, 12, 31),
        date(2028, 1, 31),
        date(2030, 10, 1),
        date(2030, 12, 31),
        date(2031, 1, 31),
    )

    seen = assert_agree(endorsements, days + month_ends(2025, 2028))

    assert seen == {"active", "renewal_due", "overdue", "lapsed"}


def test_rule_1_two_associations_each_by_its_own_policy(triennial):
    """The same dates under `annual` and `triennial` give different deadlines, side by side."""
    endorsements = [
        made(issued_on=date(2025, 3, 1)),
        made(triennial, issued_on=date(2025, 3, 1)),
    ]

    assert_agree(endorsements, around(date(2026, 10, 1), date(2027, 1, 31), date(2027, 12, 31)))

    assert [e.standing_on(date(2027, 1, 15)).word for e in endorsements] == ["overdue", "active"]


# RULES-renewal.md 4.1, revoked


def test_rule_4_1_revoked_from_the_day_of_revocation_in_the_local_time_zone(triennial):
    """Example 27: revoked 2026-04-01 at noon, at the first and the last minute of the day."""
    endorsements = [
        made(revoked_at=datetime(2026, 4, 1, 12, 0, tzinfo=ZONE)),
        made(revoked_at=datetime(2026, 4, 1, 0, 0, tzinfo=ZONE)),
        made(revoked_at=datetime(2026, 4, 1, 23, 59, tzinfo=ZONE)),
        made(triennial, revoked_at=datetime(2028, 2, 1, 8, 0, tzinfo=ZONE)),
    ]

    seen = assert_agree(endorsements, around(date(2026, 4, 1), date(2028, 2, 1)))

    assert seen == {"active", "overdue", "revoked"}


# RULES-renewal.md 4.2, inactive and its longest time


def test_rule_4_2_inactive_until_the_longest_time_then_lapsed(triennial):
    """Example 24: inactive from 2026-03-01, lapsed on 2028-03-01; from 29 February 2024,
    lapsed on 28 February 2026 (calendar years); under triennial too."""
    endorsements = [
        made(inactive=[(date(2026, 3, 1), None)]),
        made(issued_on=date(2023, 6, 1), inactive=[(date(2024, 2, 29), None)]),
        made(triennial, inactive=[(date(2026, 3, 1), None)]),
    ]
    days = around(
        date(2024, 2, 29), date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29), date(2028, 3, 1)
    )

    seen = assert_agree(endorsements, days)

    assert {"inactive", "lapsed"} <= seen


def test_rule_4_2_a_reactivation_moves_the_base_and_ends_the_period(triennial):
    """Choices R19, R34: reactivated 2026-09-01, `B` moves there from that day (`F` 2027, or
    2027 under triennial); a reactivation dated after the day is ignored; the latest of two
    reactivations counts; an earlier closed period and a later open one."""
    endorsements = [
        made(inactive=[(date(2026, 3, 1), date(2026, 9, 1))]),
        made(triennial, inactive=[(date(2026, 3, 1), date(2026, 9, 1))]),
        made(
            issued_on=date(2022, 2, 1),
            renewed_through=date(2024, 12, 31),
            inactive=[(date(2025, 3, 1), date(2025, 6, 1)), (date(2026, 2, 1), date(2026, 8, 1))],
        ),
        made(inactive=[(date(2025, 11, 1), date(2026, 1, 15)), (date(2026, 7, 1), None)]),
    ]
    days = around(
        date(2025, 3, 1),
        date(2025, 6, 1),
        date(2025, 11, 1),
        date(2026, 1, 15),
        date(2026, 2, 1),
        date(2026, 7, 1),
        date(2026, 8, 1),
        date(2026, 9, 1),
    )

    assert_agree(endorsements, days + month_ends(2025, 2028))


# RULES-renewal.md 6, reinstatement (the base moves)


def test_rule_1_reinstatement_moves_the_base_from_its_day(triennial):
    """Example 26: lapsed, reinstated 2027-05-20: `B` 2027-05-20 and `F` 2028-12-31 from that day
    on (2030 under triennial); before it, lapsed."""
    endorsements = [
        made(issued_on=date(2024, 3, 1), reinstated_on=date(2027, 5, 20)),
        made(triennial, issued_on=date(2021, 3, 1), reinstated_on=date(2027, 5, 20)),
    ]

    seen = assert_agree(endorsements, around(date(2027, 5, 20)) + month_ends(2026, 2029))

    assert {"lapsed", "active", "renewal_due"} <= seen
