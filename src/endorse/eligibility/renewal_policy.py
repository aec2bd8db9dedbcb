"""Renewal policies: every number of RULES-renewal.md 3, read from data files.

A renewal policy file (`policies/renewal/<name>.json`, format `imh-renewal-policy/1`) holds the
cycle, the deadline, window and grace, the hours owed per year, the fees, and the reinstatement
and reactivation settings. Two ship, `annual` (the default) and `triennial` (choice R1); each
association picks one. Every interpretation RULES-renewal.md marks as a choice is a parameter
here, and each file's `choices` object names the choice ids behind each section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from .policy import PolicyError

RENEWAL_POLICY_FORMAT = "imh-renewal-policy/1"
DEFAULT_RENEWAL_POLICY = "annual"
REINSTATEMENT_MODELS = ("references", "attestation")
# The dates a reminder is counted from (RULES-renewal.md 1: `W`, `D`, `G`); choice R38.
REMINDER_ANCHORS = ("window_opens", "deadline", "grace_ends")


@dataclass(frozen=True, slots=True)
class MonthDay:
    month: int
    day: int


@dataclass(frozen=True, slots=True)
class RenewalTraining:
    clause: str
    hours_per_year: Decimal
    dei_hours_per_year: Decimal
    provision_hours_per_year: Decimal
    # Holders of these endorsements owe the RS/C-provision hours even without
    # `provides_rsc` (choice R8).
    provision_categories: frozenset[str]


@dataclass(frozen=True, slots=True)
class RscReduction:
    """The IMHM-C reduction (choices R6, R7): `hours` once `B` + `after_years` ≤ `D`, and peer
    entries count when the peer holds one of `peer_endorsements`."""

    categories: frozenset[str]
    after_years: int
    hours: Decimal
    peer_endorsements: frozenset[str]


@dataclass(frozen=True, slots=True)
class RenewalRsc:
    clause: str
    hours_per_year: Decimal
    # The RS/C categories, by abbreviation (IFS, IMHS, IMHM-C and their twins).
    categories: frozenset[str]
    # The initial-endorsement policy whose provider list applies (choice R11).
    provider_policy: str
    reduction: RscReduction | None


@dataclass(frozen=True, slots=True)
class RenewalEthicsRule:
    clause: str
    version: str
    audit_consent_required: bool


@dataclass(frozen=True, slots=True)
class RenewalMembershipRule:
    clause: str
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class RenewalFeeRule:
    clause: str
    # None: "any amount", any payment made on or before the submission date.
    amount: Decimal | None
    late_fee: Decimal


@dataclass(frozen=True, slots=True)
class Reinstatement:
    clause: str
    # `references` (the default) or `attestation` (choices R18, R36).
    model: str
    # None: "any amount", any payment made on or before the submission date (choice R33).
    fee: Decimal | None
    references_policy: str
    attestation_training_hours: Decimal
    attestation_look_back_years: int


@dataclass(frozen=True, slots=True)
class Inactive:
    clause: str
    longest_years: int
    reactivation_fee: Decimal | None
    look_back_years: int


@dataclass(frozen=True, slots=True)
class Reminder:
    """One renewal reminder: sent `days` after (negative: before) the date `anchor` of the
    period owed (choice R38)."""

    kind: str
    anchor: str
    days: int


@dataclass(frozen=True, slots=True)
class RenewalPolicy:
    name: str
    title: str
    description: str
    choices: dict[str, str]
    cycle_years: int
    anchor_year: int
    deadline: MonthDay
    window_opens: MonthDay
    grace_days: int
    training: RenewalTraining
    rsc: RenewalRsc
    ethics: RenewalEthicsRule
    membership: RenewalMembershipRule
    fee: RenewalFeeRule
    reinstatement: Reinstatement
    inactive: Inactive
    # The renewal reminders, in the order they fall (choice R38); none when the file has none.
    reminders: tuple[Reminder, ...] = ()

    def is_cycle_year(self, year: int) -> bool:
        """Whether renewal falls due in `year`: every year under `annual`; under `triennial`
        the years `y` with `y − 2024` divisible by 3."""
        return (year - self.anchor_year) % self.cycle_years == 0


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else _decimal(value)


def _month_day(data: dict[str, Any]) -> MonthDay:
    return MonthDay(int(data["month"]), int(data["day"]))


def renewal_policy_from_data(data: dict[str, Any]) -> RenewalPolicy:
    """Build a `RenewalPolicy` from a decoded policy file; `PolicyError` when it is malformed."""
    try:
        if data["format"] != RENEWAL_POLICY_FORMAT:
            raise PolicyError(f"expected format {RENEWAL_POLICY_FORMAT!r}, got {data['format']!r}")
        first = data["first_deadline"]
        if first["in_year_of_base"] or first["waived"]:
            # RULES-renewal.md 9 (choice R25): the first-year variant is described but not built.
            raise PolicyError(
                "first_deadline: the first-year variant (choice R25) is not supported"
            )
        training = data["training"]
        rsc = data["rsc"]
        if rsc["min_span_months"] is not None:
            # RULES-renewal.md 9 (choice R10): a minimum span is described but not built.
            raise PolicyError("rsc.min_span_months: a minimum span (choice R10) is not supported")
        reduction = rsc["reduction"]
        reinstatement = data["reinstatement"]
        if reinstatement["model"] not in REINSTATEMENT_MODELS:
            raise PolicyError(
                f"reinstatement.model: {reinstatement['model']!r} is not one of "
                f"{', '.join(REINSTATEMENT_MODELS)}"
            )
        inactive = data["inactive"]
        policy = RenewalPolicy(
            name=data["name"],
            title=data["title"],
            description=data["description"],
            choices=dict(data["choices"]),
            cycle_years=int(data["cycle"]["length_years"]),
            anchor_year=int(data["cycle"]["anchor_year"]),
            deadline=_month_day(data["deadline"]),
            window_opens=_month_day(data["window_opens"]),
            grace_days=int(data["grace_days"]),
            training=RenewalTraining(
                clause=training["clause"],
                hours_per_year=_decimal(training["hours_per_year"]),
                dei_hours_per_year=_decimal(training["dei_hours_per_year"]),
                provision_hours_per_year=_decimal(training["provision_hours_per_year"]),
                provision_categories=frozenset(training["provision_categories"]),
            ),
            rsc=RenewalRsc(
                clause=rsc["clause"],
                hours_per_year=_decimal(rsc["hours_per_year"]),
                categories=frozenset(rsc["categories"]),
                provider_policy=rsc["provider_policy"],
                reduction=None
                if reduction is None
                else RscReduction(
                    categories=frozenset(reduction["categories"]),
                    after_years=int(reduction["after_years"]),
                    hours=_decimal(reduction["hours"]),
                    peer_endorsements=frozenset(reduction["peer_endorsements"]),
                ),
            ),
            ethics=RenewalEthicsRule(
                clause=data["ethics"]["clause"],
                version=data["ethics"]["version"],
                audit_consent_required=bool(data["ethics"]["audit_consent_required"]),
            ),
            membership=RenewalMembershipRule(
                clause=data["membership"]["clause"], kinds=frozenset(data["membership"]["kinds"])
            ),
            fee=RenewalFeeRule(
                clause=data["fee"]["clause"],
                amount=_optional_decimal(data["fee"]["amount"]),
                late_fee=_decimal(data["fee"]["late_fee"]),
            ),
            reinstatement=Reinstatement(
                clause=reinstatement["clause"],
                model=reinstatement["model"],
                fee=_optional_decimal(reinstatement["fee"]),
                references_policy=reinstatement["references_policy"],
                attestation_training_hours=_decimal(reinstatement["attestation"]["training_hours"]),
                attestation_look_back_years=int(reinstatement["attestation"]["look_back_years"]),
            ),
            inactive=Inactive(
                clause=inactive["clause"],
                longest_years=int(inactive["longest_years"]),
                reactivation_fee=_optional_decimal(inactive["reactivation_fee"]),
                look_back_years=int(inactive["look_back_years"]),
            ),
            reminders=tuple(
                Reminder(kind=str(r["kind"]), anchor=str(r["from"]), days=int(r["days"]))
                for r in data.get("reminders", [])
            ),
        )
    except PolicyError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise PolicyError(f"malformed renewal policy file: {error!r}") from error
    _check(policy)
    return policy


def _check(policy: RenewalPolicy) -> None:
    """The numbers make sense together: a cycle of at least a year, a deadline that ends a
    calendar year, a window that opens on a day every year has."""
    problems = []
    if policy.cycle_years < 1:
        problems.append("cycle.length_years must be at least 1")
    if any(
        fee is not None and fee < 0
        for fee in (
            policy.fee.amount,
            policy.fee.late_fee,
            policy.reinstatement.fee,
            policy.inactive.reactivation_fee,
        )
    ):
        problems.append("fees must not be negative")
    if policy.grace_days < 0:
        problems.append("grace_days must not be negative")
    if (policy.deadline.month, policy.deadline.day) != (12, 31):
        # Periods owed are calendar years (RULES-renewal.md 1), so the deadline ends one.
        problems.append("deadline must be 31 December")
    try:
        date(2001, policy.window_opens.month, policy.window_opens.day)
    except ValueError:
        problems.append("window_opens is not a day of every year")
    for reminder in policy.reminders:
        if reminder.anchor not in REMINDER_ANCHORS:
            problems.append(
                f"reminders: {reminder.kind} counts from {reminder.anchor!r}, not one of "
                f"{', '.join(REMINDER_ANCHORS)}"
            )
    if len({reminder.kind for reminder in policy.reminders}) != len(policy.reminders):
        problems.append("reminders: each kind once")
    if problems:
        raise PolicyError(f"malformed renewal policy file: {'; '.join(problems)}")


def renewal_policy_names() -> tuple[str, ...]:
    """Names of the renewal policies shipped with the engine, the default first."""
    folder = resources.files(__package__).joinpath("policies", "renewal")
    names = sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )
    return (DEFAULT_RENEWAL_POLICY, *(n for n in names if n != DEFAULT_RENEWAL_POLICY))


@cache
def load_renewal_policy(name: str = DEFAULT_RENEWAL_POLICY) -> RenewalPolicy:
    """The shipped renewal policy `name`; `PolicyError` when there is none."""
    if name not in renewal_policy_names():
        raise PolicyError(
            f"unknown renewal policy {name!r}; expected one of {', '.join(renewal_policy_names())}"
        )
    text = (
        resources.files(__package__)
        .joinpath("policies", "renewal", f"{name}.json")
        .read_text(encoding="utf-8")
    )
    return renewal_policy_from_data(json.loads(text))
