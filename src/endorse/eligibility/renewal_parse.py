"""Reading renewal files (`imh-renewal/1`), with every problem named by its field path.

The field-level reading is the portfolio parser's (`parse.py`): the same messages for a bad date,
an unknown key or a wrong type. Then the checks of RULES-renewal.md 2, in their order, the first
failure reported: the policy and the category, `as_of`, `renewed_through`, the inactive periods,
and the period (renewal) or the standing (reinstatement, reactivation).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import parse
from .parse import PortfolioError, Problem, decode_json
from .policy import PolicyError, load_policy
from .renewal_file import RENEWAL_CLASSES, RenewalFile
from .renewal_policy import (
    DEFAULT_RENEWAL_POLICY,
    RenewalPolicy,
    load_renewal_policy,
    renewal_policy_names,
)
from .renewal_standing import Standing, standing_on

# The categories of RULES-categories.md 1: those of the `2025` policy.
CATEGORY_POLICY = "2025"
# The standing each kind needs on `as_of` (RULES-renewal.md 6 and 7).
ACCEPTED_STANDING = {"reinstatement": "lapsed", "reactivation": "inactive"}


class RenewalError(PortfolioError):
    """The input is not a valid renewal file; `problems` says where and why."""


@dataclass(frozen=True, slots=True)
class ReadRenewal:
    """A renewal file that passed every check, with what the checks worked out."""

    file: RenewalFile
    policy: RenewalPolicy
    as_of: date
    standing: Standing


def parse_renewal_file(data: Any) -> RenewalFile:
    """Build a `RenewalFile` from decoded JSON, or raise `RenewalError` naming every format
    problem (unknown key, wrong type, value outside its list, required field missing)."""
    problems: list[Problem] = []
    result = _read(data, "", RenewalFile, problems)
    if problems or result is None:
        raise RenewalError(problems or [Problem("", "not a renewal file")])
    assert isinstance(result, RenewalFile)
    return result


def _read(data: Any, path: str, cls: type, problems: list[Problem]) -> object | None:
    """The portfolio parser's object reader, for the classes only renewal files have: their
    fields are read by `parse._read_value`, and the portfolio's classes by `parse._read_object`."""
    if not isinstance(data, dict):
        problems.append(Problem(path, f"expected an object, got {parse._type_name(data)}"))
        return None
    table = parse._table(cls)
    before = len(problems)
    for key in data:
        if key not in table.known:
            problems.append(
                Problem(parse._join(path, key), f"unknown key; expected one of {table.expected}")
            )
    values: dict[str, Any] = {}
    for spec in table.fields:
        name = spec.name
        if name not in data:
            if spec.required:
                problems.append(Problem(parse._join(path, name), "required"))
            continue
        raw = data[name]
        if raw is None:
            if spec.nullable:
                values[name] = None
            elif spec.kind in ("list", "enum_list"):
                values[name] = ()
            else:
                problems.append(Problem(parse._join(path, name), "must not be null"))
            continue
        own = RENEWAL_CLASSES.get(spec.item or "")
        if own is None:
            value = parse._read_value(raw, path, spec, problems)
        elif spec.kind == "object":
            value = _read(raw, parse._join(path, name), own, problems)
        elif not isinstance(raw, list):
            problems.append(
                Problem(parse._join(path, name), f"expected a list, got {parse._type_name(raw)}")
            )
            value = None
        else:
            items = [
                _read(item, f"{parse._join(path, name)}.{index}", own, problems)
                for index, item in enumerate(raw)
            ]
            value = tuple(items) if None not in items else None
        if value is not None:
            values[name] = value
    if len(problems) > before:
        return None
    instance: object = cls(**values)
    return instance


def read_renewal(
    data: Any,
    *,
    policy: RenewalPolicy | str | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> ReadRenewal:
    """Parse a decoded renewal file and apply the checks of RULES-renewal.md 2.

    `policy` and `as_of`, when given, take the place of the file's (as `endorse check --policy
    --as-of` do); otherwise the file's, else `annual` and `today`. Raises `RenewalError`.
    """
    renewal = parse_renewal_file(data)
    day = as_of or renewal.as_of or today
    if day is None:
        raise ValueError("read_renewal() needs a date: the file has no as_of, so pass today=")
    # 1. The policy, then the category.
    if isinstance(policy, RenewalPolicy):
        resolved = policy
    else:
        name = policy or renewal.policy or DEFAULT_RENEWAL_POLICY
        try:
            resolved = load_renewal_policy(name)
        except PolicyError:
            raise _refuse(
                "policy",
                f"unknown renewal policy {name!r}; expected one of "
                f"{', '.join(renewal_policy_names())}",
            ) from None
    endorsement = renewal.endorsement
    categories = load_policy(CATEGORY_POLICY).categories
    if endorsement.category not in categories:
        raise _refuse(
            "endorsement.category",
            f"unknown category {endorsement.category!r}; expected one of "
            f"{', '.join(sorted(categories))}",
        )
    # 2. The submission date.
    if day < endorsement.issued_on:
        raise _refuse(
            "as_of", f"{day} is before the endorsement was issued ({endorsement.issued_on})"
        )
    # 3. The last renewal's deadline, then the inactive periods (choice R37).
    through = endorsement.renewed_through
    if through is not None and (
        (through.month, through.day) != (12, 31) or not resolved.is_cycle_year(through.year)
    ):
        raise _refuse(
            "endorsement.renewed_through",
            f"{through} is not 31 December of a year renewal falls due under {resolved.name}",
        )
    inactive_problem = _inactive_problem(renewal)
    if inactive_problem is not None:
        raise _refuse("endorsement.inactive", inactive_problem)
    # 4. The period (renewal, whatever the standing: choice R28), or the standing.
    standing = standing_on(endorsement, resolved, day)
    if renewal.kind == "renewal":
        dates = standing.dates
        owed = f"{dates.period_start}..{dates.period_end}"
        if renewal.period is None:
            raise _refuse("period", f"required for a renewal; the period owed is {owed}")
        given = (renewal.period.start_on, renewal.period.end_on)
        if given != (dates.period_start, dates.period_end):
            raise _refuse(
                "period",
                f"{given[0]}..{given[1]} is not the period owed on {day}, {owed}",
            )
    else:
        needed = ACCEPTED_STANDING[renewal.kind]
        if standing.word != needed:
            raise _refuse(
                "kind",
                f"a {renewal.kind} needs the standing {needed}; on {day} the endorsement is "
                f"{standing.word}",
            )
    return ReadRenewal(file=renewal, policy=resolved, as_of=day, standing=standing)


def _refuse(path: str, message: str) -> RenewalError:
    return RenewalError([Problem(path, message)])


def _inactive_problem(renewal: RenewalFile) -> str | None:
    """Why the inactive periods cannot stand together, or None: none may end before it starts,
    and no two may share a day (a period covers `start_on` to the day before `reactivated_on`)."""
    periods = renewal.endorsement.inactive
    for index, period in enumerate(periods):
        if period.reactivated_on is not None and period.reactivated_on < period.start_on:
            return (
                f"period {index} is reactivated ({period.reactivated_on}) before it starts "
                f"({period.start_on})"
            )
    ordered = sorted(enumerate(periods), key=lambda item: item[1].start_on)
    for (first_index, first), (second_index, second) in itertools.pairwise(ordered):
        # The first covers days up to the day before its reactivation (for ever when open).
        if first.reactivated_on is None or first.reactivated_on > second.start_on:
            low, high = sorted((first_index, second_index))
            return f"periods {low} and {high} share days"
    return None


def load_renewal(
    text: str | bytes,
    *,
    policy: RenewalPolicy | str | None = None,
    as_of: date | None = None,
    today: date | None = None,
) -> ReadRenewal:
    """Parse and check a renewal file's text."""
    return read_renewal(decode_json(text), policy=policy, as_of=as_of, today=today)
