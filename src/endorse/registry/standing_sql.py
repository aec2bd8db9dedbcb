"""The standing of an endorsement on a day, as a query expression (RULES-renewal.md 1 and 4).

The lists that filter, count, sort and page endorsements by standing (the coordinator's renewal
queue, the public registry) ask the database for it instead of computing
`eligibility.renewal_standing.standing_on` for every row in Python. The standing stays derived
from the recorded dates and a day the caller gives, never stored: these are expressions to
annotate a queryset of `Endorsement` with, built for that day.

What they compute, the rules of RULES-renewal.md they implement:

- `B` (section 1; choices R2, R19, R34): the latest of `issued_on`, `reinstated_on` when on or
  before the day, and the latest `reactivated_on` of the inactive periods on or before the day.
- `F` (section 1): 31 December of the first cycle year after the year of `B`; a cycle year is
  one with `(y − anchor)` divisible by the cycle's length (every year under `annual`).
- `D` (section 1): `F` when `renewed_through` is null or before `B`, otherwise 31 December of
  `year(renewed_through) + cycle length`. Every `D` is a 31 December (the policy's deadline must
  be), so the expressions carry its year only: `standing_deadline_year`.
- The standing word (section 4, first rule that applies): 4.1 `revoked` when revoked on or before
  the day (the day of `revoked_at` in the current time zone, as `Endorsement.for_engine` reads
  it); 4.2 in the inactive period open on the day (begun on or before it, not reactivated by
  it), `inactive` before `start_on` + the policy's longest inactive years (choice R20), else
  `lapsed`; 4.3 `active` before `W` (the window's opening day of the year of `D`, choice R4);
  4.4 `renewal_due` through `D`; 4.5 `overdue` through `G` = `D` + grace days (choice R5);
  4.6 `lapsed`.

Each comparison with the day is turned, in Python, into a comparison of `D`'s year (or of the
open period's start) with a number worked out once for the day and the policy, so the database
compares integers: `t < W` is `year(D) ≥ window_year`, `t ≤ D` is `year(D) ≥ year(t)`, `t ≤ G`
is `year(D) ≥ grace_year`, `t < start_on + n years` is `start_on > last_lapsing_start`. Each
value is written into the SQL once (`SimpleCase`, one MAX() of the dates for a yearly cycle,
the first cycle year by one integer division): Django's `Case` would repeat its operand in every
branch.

No subquery is run once per endorsement: the sets the standing looks into are small (inactive
periods, submitted renewals, waiting requests: hundreds against thousands of endorsements), so
each is asked as `pk IN (SELECT …)` not reading the row (`among`), which the database runs once
and hashes; the open period's start is only compared with a day, which is two such sets (open
on the day; open and begun by the last lapsing start). The one value still read per
endorsement, the latest reactivation, is read only for those the set of reactivated ones holds.

Policies are per association (`Association.renewal_policy`): each expression is built per
shipped policy and chosen by the association's policy name (a CASE on the joined association),
or built for one policy when the caller knows every row follows it (one association's queue).
Only the numbers the standing reads matter (cycle length and anchor, window opening, grace,
longest inactive time); an association's own fees do not change them.

`tests/registry/test_standing_sql.py` holds these expressions to `standing_on` for a generated
population and for every boundary of sections 1 and 4, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    Field,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import LessThan
from django.utils import timezone
from django_scopes import get_scope

from endorse.eligibility.calendar import add_years
from endorse.eligibility.renewal_policy import (
    RenewalPolicy,
    load_renewal_policy,
    renewal_policy_names,
)

from .models import Endorsement

ONE_DAY = timedelta(days=1)
# Below any recorded day: a null `renewed_through` compares as before `B`.
_NEVER = date(1, 1, 1)
# The standing words, as `renewal_standing.STANDINGS` names them.
WORDS = {w: w for w in ("active", "renewal_due", "overdue", "inactive", "lapsed", "revoked")}


class Year(Func):
    """The year of a date, as an integer. SQLite keeps a date as `YYYY-MM-DD` text, so its year
    is the first four characters (no call into Python per row, as Django's `ExtractYear` makes
    there); elsewhere `EXTRACT`."""

    output_field = IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
    arity = 1

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="CAST(SUBSTR(%(expressions)s, 1, 4) AS integer)", **extra
        )


class SimpleCase(Func):
    """`CASE value WHEN a THEN x … ELSE default END`: the value is written, and computed, once
    (Django's `Case` repeats it in each `WHEN`)."""

    def __init__(
        self,
        value: Any,
        whens: Iterable[tuple[Any, Any]],
        default: Any,
        output_field: Field[Any, Any],
    ) -> None:
        pairs = [part for when, then in whens for part in (_value(when), _value(then))]
        super().__init__(value, *pairs, _value(default), output_field=output_field)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, found = compiler.compile(expression)
            parts.append(sql)
            params.extend(found)
        value, *pairs, default = parts
        whens = " ".join(
            f"WHEN {when} THEN {then}" for when, then in zip(pairs[::2], pairs[1::2], strict=True)
        )
        return f"CASE {value} {whens} ELSE {default} END", params


def _value(value: Any) -> Any:
    return value if hasattr(value, "resolve_expression") else Value(value)


def _inactive_periods() -> QuerySet[Any]:
    """The inactive periods (the renewals app's model, reached through the relation so the
    registry does not import the app above it), in the scope's association when there is one."""
    model = Endorsement._meta.get_field("inactive_periods").related_model
    periods: QuerySet[Any] = model._default_manager.all()
    return periods


def among(found: QuerySet[Any], field: str = "endorsement_id") -> Q:
    """The endorsement is one of those `found` names by `field`: `pk IN (SELECT …)`, a subquery
    that does not read the row, so the database runs it once (PostgreSQL hashes its result,
    SQLite keeps it as an index) instead of once per endorsement as a correlated one."""
    return Q(pk__in=found.values(field))


def _open_on(today: date) -> Q:
    """An inactive period open on `today`: begun on or before it, not reactivated by it."""
    return Q(start_on__lte=today) & (Q(reactivated_on__isnull=True) | Q(reactivated_on__gt=today))


def in_open_period(today: date, started_by: date | None = None) -> Q:
    """In an inactive period open on `today` (RULES-renewal.md 4.2); with `started_by`, in one
    begun on or before that day. The standing reads the earliest open period's start
    (`open_inactive_period`): it is on or before a day exactly when one of them is."""
    periods = _inactive_periods().filter(_open_on(today))
    if started_by is not None:
        periods = periods.filter(start_on__lte=started_by)
    return among(periods)


def latest_reactivation(today: date) -> Case:
    """The latest `reactivated_on` on or before `today` (it moves `B`: choice R34), null when
    there is none. The correlated subquery that finds it runs only for the endorsements with a
    reactivation by then (a few hundred among thousands): the others are told apart first."""
    reactivated = _inactive_periods().filter(reactivated_on__lte=today)
    latest = reactivated.filter(endorsement=OuterRef("pk")).order_by("-reactivated_on")
    return Case(
        When(among(reactivated), then=Subquery(latest.values("reactivated_on")[:1])),
        default=None,
        output_field=DateField(),
    )


def base_on(today: date, *also: Any) -> Greatest:
    """`B` on `today` (RULES-renewal.md 1; choices R2, R19, R34), or the latest of it and the
    dates `also`. Each candidate falls back to `issued_on`, as SQLite's MAX() is null when any
    argument is."""
    issued = F("issued_on")
    reinstated = Case(When(reinstated_on__lte=today, then=F("reinstated_on")))
    return Greatest(
        issued,
        Coalesce(reinstated, issued),
        Coalesce(latest_reactivation(today), issued),
        *(Coalesce(day, issued) for day in also),
        output_field=DateField(),
    )


# Integer division rounds toward zero in SQL; years shifted by this many cycles are positive,
# so it is the floor there.
_SHIFT_CYCLES = 10_000


def first_cycle_year_after(year: Any, policy: RenewalPolicy) -> Any:
    """The first cycle year after `year` (`y` with `(y − anchor)` divisible by the cycle), with
    `year` written once: `floor((year − anchor) / cycle) × cycle + cycle + anchor`."""
    cycle = policy.cycle_years
    if cycle == 1:
        return year + 1
    shift = _SHIFT_CYCLES * cycle
    return (year + (shift - policy.anchor_year)) / cycle * cycle + (
        cycle + policy.anchor_year - shift
    )


def _deadline_year(policy: RenewalPolicy, today: date) -> Any:
    """The year of `D` on `today` under `policy` (RULES-renewal.md 1).

    `F` is the first cycle year after year(`B`); `D` is `F` when `renewed_through` is null or
    before `B`, else year(`renewed_through`) + cycle. Under a yearly cycle both are "the year
    after the later of `B` and `renewed_through`", one MAX() of the dates. Under a longer cycle
    a `renewed_through` that ends a cycle year gives the same (the first cycle year after it),
    but a recorded one that does not (a policy changed since) counts from its own year, so the
    comparison stays."""
    cycle = policy.cycle_years
    through = F("renewed_through")
    if cycle == 1:
        return Year(base_on(today, through)) + 1
    base = base_on(today)
    return Case(
        When(
            LessThan(Coalesce(through, Value(_NEVER), output_field=DateField()), base),
            then=first_cycle_year_after(Year(base), policy),
        ),
        default=Year(through) + cycle,
        output_field=IntegerField(),
    )


def window_year(policy: RenewalPolicy, today: date) -> int:
    """The least year of `D` for which `today` is before `W` (rule 4.3)."""
    opens = date(today.year, policy.window_opens.month, policy.window_opens.day)
    return today.year if today < opens else today.year + 1


def grace_year(policy: RenewalPolicy, today: date) -> int:
    """The least year of `D` for which `today` is on or before `G` = `D` + grace (rule 4.5)."""
    year = today.year - policy.grace_days // 365 - 2
    while date(year, 12, 31) + timedelta(days=policy.grace_days) < today:
        year += 1
    return year


def last_lapsing_start(policy: RenewalPolicy, today: date) -> date:
    """The latest `start_on` of an open inactive period that has lapsed by `today`: `today` is
    on or after `start_on` + the longest inactive years (rule 4.2, choice R20; 29 February
    plus years falls on 28 February, `calendar.add_years`). A later start is still inactive."""
    years = policy.inactive.longest_years
    start = add_years(today, -years)
    while add_years(start, years) > today:
        start -= ONE_DAY
    while add_years(start + ONE_DAY, years) <= today:
        start += ONE_DAY
    return start


def revoked_before(today: date) -> datetime:
    """The first moment after `today` in the current time zone: revoked on or before `today`
    (rule 4.1) is `revoked_at` before it."""
    return timezone.make_aware(datetime.combine(today + ONE_DAY, time()))


def _word(policy: RenewalPolicy, today: date, labels: Mapping[str, str]) -> Any:
    """The standing word on `today` (RULES-renewal.md 4), each word written as `labels` names it
    (a word absent from `labels` gives ""). Each value the rules read is written once: the
    open period's start is compared with the last day it may have started and still be
    inactive (true, false, or null when there is none), and the year of `D`, held between the
    grace's year and the window's, picks the word of rules 4.3 to 4.6."""

    def label(word: str) -> str:
        return labels.get(word, "")

    text = CharField()
    window, grace = window_year(policy, today), grace_year(policy, today)
    held = Least(Greatest(_deadline_year(policy, today), grace - 1), window)
    by_deadline = SimpleCase(
        held,
        [
            (year, label("active" if year >= window else "renewal_due"))
            for year in range(max(grace, today.year), window + 1)
        ]
        + [(year, label("overdue")) for year in range(grace, today.year)],
        default=label("lapsed"),
        output_field=text,
    )
    return Case(
        When(revoked_at__lt=revoked_before(today), then=Value(label("revoked"))),
        When(in_open_period(today, last_lapsing_start(policy, today)), then=Value(label("lapsed"))),
        When(in_open_period(today), then=Value(label("inactive"))),
        default=by_deadline,
        output_field=text,
    )


def _by_policy(policy_names: Iterable[str] | None, build: Callable[[RenewalPolicy], Any]) -> Any:
    """`build(policy)` for the one policy named, or chosen by each row's association's policy
    among those named (every shipped policy when None)."""
    names = tuple(renewal_policy_names() if policy_names is None else policy_names)
    if len(names) == 1:
        return build(load_renewal_policy(names[0]))
    built = {name: build(load_renewal_policy(name)) for name in names}
    return SimpleCase(
        F("association__renewal_policy"),
        built.items(),
        default=None,
        output_field=next(iter(built.values())).output_field,
    )


def _scope_key() -> tuple[Any, ...]:
    """What an expression is built with besides its arguments: the scope (a scoped model's
    subquery is filtered by it) and the current time zone (the day of a revocation)."""
    scope = get_scope()
    association = scope.get("association")
    return (
        bool(scope.get("_enabled")),
        getattr(association, "pk", association),
        timezone.get_current_timezone_name(),
    )


# Building these expressions costs more than the database spends on them for one association,
# so each is built once per day, policies, labels and scope. Django copies an expression when
# a query resolves it, so a cached one is never changed.
@lru_cache(maxsize=256)
def _built(
    kind: str,
    today: date,
    policy_names: tuple[str, ...] | None,
    labels: tuple[tuple[str, str], ...],
    scope: tuple[Any, ...],
) -> Any:
    if kind == "deadline_year":
        return _by_policy(policy_names, lambda policy: _deadline_year(policy, today))
    if kind == "inactive":
        return _by_policy(policy_names, lambda policy: _inactive(policy, today))
    return _by_policy(policy_names, lambda policy: _word(policy, today, dict(labels)))


def _names(policy_names: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if policy_names is None else tuple(policy_names)


def deadline_year(today: date, policy_names: Iterable[str] | None = None) -> Any:
    """The year of `D` on `today` (RULES-renewal.md 1): 31 December of it is the deadline."""
    return _built("deadline_year", today, _names(policy_names), (), _scope_key())


def standing_word(
    today: date,
    policy_names: Iterable[str] | None = None,
    labels: Mapping[str, str] = WORDS,
) -> Any:
    """The standing word on `today` (RULES-renewal.md 4), or its label in `labels`."""
    named = tuple(sorted(labels.items()))
    return _built("word", today, _names(policy_names), named, _scope_key())


def _inactive(policy: RenewalPolicy, today: date) -> Any:
    return Case(
        When(revoked_at__lt=revoked_before(today), then=Value(False)),
        When(in_open_period(today, last_lapsing_start(policy, today)), then=Value(False)),
        When(in_open_period(today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def inactive_on(today: date, policy_names: Iterable[str] | None = None) -> Any:
    """True when the standing on `today` is `inactive` (rules 4.1 and 4.2: not revoked, in an
    open period that has not lapsed), without the dates of `D`."""
    return _built("inactive", today, _names(policy_names), (), _scope_key())
