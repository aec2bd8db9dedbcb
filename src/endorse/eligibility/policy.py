"""Policy versions: the numbers, lists and tables of the requirements, read from data files.

A policy file (`policies/<name>.json`, format `imh-policy/1`) holds everything that differs
between associations or over time. The evaluator reads only these objects, so changing a
number is a data change, never a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

POLICY_FORMAT = "imh-policy/1"
DEFAULT_POLICY = "seed"


class PolicyError(ValueError):
    """A policy name that does not exist, or a policy file that is malformed."""


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    designation: str
    title: str


@dataclass(frozen=True, slots=True)
class EducationPolicy:
    clause: str
    degree_types: frozenset[str]
    transcript_required: bool


@dataclass(frozen=True, slots=True)
class TrainingTarget:
    total_hours: Decimal
    topic_hours: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, slots=True)
class TrainingPolicy:
    clause: str
    relationship_based_only: bool
    by_designation: dict[str, TrainingTarget]


@dataclass(frozen=True, slots=True)
class WorkPart:
    id: str
    label: str
    kinds: frozenset[str]
    years: int
    supervised: bool
    infant_and_parent: bool
    clause: str


@dataclass(frozen=True, slots=True)
class WorkPolicy:
    clause: str
    days_per_year: int
    by_designation: dict[str, tuple[WorkPart, ...]]


@dataclass(frozen=True, slots=True)
class LeadershipPolicy:
    clause: str
    levels: tuple[str, ...]
    min_level: dict[str, str]
    catalogue: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class RscPolicy:
    clause: str
    required_for: frozenset[str]
    hours: Decimal
    min_years: int
    max_years: int
    exclude_peer: bool
    provider_endorsements: frozenset[str] | None
    focus_hours: tuple[tuple[str, Decimal], ...]
    single_main_provider: bool
    max_other_providers: int | None


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    label: str
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class ReferencesPolicy:
    clause: str
    count: int
    slots: dict[str, tuple[Slot, ...]]
    endorsed_levels: frozenset[str]
    void_not_enough_information: int | None
    max_age_years: int | None
    min_known_years: Decimal | None


@dataclass(frozen=True, slots=True)
class EthicsPolicy:
    clause: str
    version: str | None
    max_age_years: int | None


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class CompetenciesPolicy:
    clause: str
    domains: tuple[Domain, ...]


@dataclass(frozen=True, slots=True)
class ExamPolicy:
    """The written examination: Part 1's number of questions and its pass mark."""

    clause: str
    part1_questions: int
    part1_pass: int


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    description: str
    effective_on: date | None
    categories: dict[str, Category]
    designations: dict[str, str]
    education: EducationPolicy
    training: TrainingPolicy
    work_experience: WorkPolicy
    leadership: LeadershipPolicy
    rsc: RscPolicy
    references: ReferencesPolicy
    ethics: EthicsPolicy
    competencies: CompetenciesPolicy
    exam: ExamPolicy
    membership_clause: str

    def category(self, category_id: str) -> Category:
        try:
            return self.categories[category_id]
        except KeyError:
            known = ", ".join(self.categories)
            raise PolicyError(
                f"policy {self.name!r} has no category {category_id!r}; expected one of {known}"
            ) from None


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _hours_table(table: dict[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((topic, _decimal(hours)) for topic, hours in table.items())


def policy_from_data(data: dict[str, Any]) -> Policy:
    """Build a `Policy` from a decoded policy file; raise `PolicyError` when it is malformed."""
    try:
        if data["format"] != POLICY_FORMAT:
            raise PolicyError(f"expected format {POLICY_FORMAT!r}, got {data['format']!r}")
        education = data["education"]
        training = data["training"]
        work = data["work_experience"]
        leadership = data["leadership"]
        rsc = data["rsc"]
        references = data["references"]
        ethics = data["ethics"]
        endorsements = rsc["provider_endorsements"]
        min_known = references["min_known_years"]
        return Policy(
            name=data["name"],
            title=data["title"],
            description=data["description"],
            effective_on=date.fromisoformat(data["effective_on"]) if data["effective_on"] else None,
            categories={
                key: Category(key, value["designation"], value["title"])
                for key, value in data["categories"].items()
            },
            designations=dict(data["designations"]),
            education=EducationPolicy(
                clause=education["clause"],
                degree_types=frozenset(education["degree_types"]),
                transcript_required=education["transcript_required"],
            ),
            training=TrainingPolicy(
                clause=training["clause"],
                relationship_based_only=training["relationship_based_only"],
                by_designation={
                    key: TrainingTarget(
                        _decimal(value["total_hours"]), _hours_table(value["topic_hours"])
                    )
                    for key, value in training["by_designation"].items()
                },
            ),
            work_experience=WorkPolicy(
                clause=work["clause"],
                days_per_year=work["days_per_year"],
                by_designation={
                    key: tuple(
                        WorkPart(
                            id=part["id"],
                            label=part["label"],
                            kinds=frozenset(part["kinds"]),
                            years=part["years"],
                            supervised=part["supervised"],
                            infant_and_parent=part["infant_and_parent"],
                            clause=part["clause"],
                        )
                        for part in parts
                    )
                    for key, parts in work["by_designation"].items()
                },
            ),
            leadership=LeadershipPolicy(
                clause=leadership["clause"],
                levels=tuple(leadership["levels"]),
                min_level=dict(leadership["min_level"]),
                catalogue={key: tuple(items) for key, items in leadership["catalogue"].items()},
            ),
            rsc=RscPolicy(
                clause=rsc["clause"],
                required_for=frozenset(rsc["required_for"]),
                hours=_decimal(rsc["hours"]),
                min_years=rsc["min_years"],
                max_years=rsc["max_years"],
                exclude_peer=rsc["exclude_peer"],
                provider_endorsements=frozenset(endorsements) if endorsements is not None else None,
                focus_hours=_hours_table(rsc["focus_hours"]),
                single_main_provider=rsc["single_main_provider"],
                max_other_providers=rsc["max_other_providers"],
            ),
            references=ReferencesPolicy(
                clause=references["clause"],
                count=references["count"],
                slots={
                    key: tuple(Slot(s["id"], s["label"], frozenset(s["roles"])) for s in slots)
                    for key, slots in references["slots"].items()
                },
                endorsed_levels=frozenset(references["endorsed_levels"]),
                void_not_enough_information=references["void_not_enough_information"],
                max_age_years=references["max_age_years"],
                min_known_years=_decimal(min_known) if min_known is not None else None,
            ),
            ethics=EthicsPolicy(
                clause=ethics["clause"],
                version=ethics["version"],
                max_age_years=ethics["max_age_years"],
            ),
            competencies=CompetenciesPolicy(
                clause=data["competencies"]["clause"],
                domains=tuple(Domain(d["id"], d["label"]) for d in data["competencies"]["domains"]),
            ),
            exam=ExamPolicy(
                clause=data["exam"]["clause"],
                part1_questions=data["exam"]["part1_questions"],
                part1_pass=data["exam"]["part1_pass"],
            ),
            membership_clause=data["membership"]["clause"],
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, PolicyError):
            raise
        raise PolicyError(f"malformed policy file: {error!r}") from error


def policy_names() -> tuple[str, ...]:
    """Names of the policy versions shipped with the engine, the default first."""
    folder = resources.files(__package__).joinpath("policies")
    names = sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )
    return (DEFAULT_POLICY, *(name for name in names if name != DEFAULT_POLICY))


@cache
def load_policy(name: str = DEFAULT_POLICY) -> Policy:
    """The shipped policy version `name`; `PolicyError` when there is none."""
    if name not in policy_names():
        raise PolicyError(f"unknown policy {name!r}; expected one of {', '.join(policy_names())}")
    text = (
        resources.files(__package__)
        .joinpath("policies", f"{name}.json")
        .read_text(encoding="utf-8")
    )
    return policy_from_data(json.loads(text))


def known_categories() -> frozenset[str]:
    """Every category some shipped policy defines."""
    return frozenset(key for name in policy_names() for key in load_policy(name).categories)
