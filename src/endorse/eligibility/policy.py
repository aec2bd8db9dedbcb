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
    """One Endorsement category: its kind keys the policy's tables, its band filters entries."""

    id: str
    kind: str
    band: str
    abbr: str
    title: str


@dataclass(frozen=True, slots=True)
class AlternativeGroup:
    """Requirements of which one is enough (RULES-categories.md 2)."""

    id: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EducationRule:
    """What one kind counts as education."""

    # Degree types that count once their transcript is verified.
    degree_types: frozenset[str]
    # Degree types that count only once a reviewer accepts them.
    accepted_types: frozenset[str]
    certificate_kinds: frozenset[str]
    license_kinds: frozenset[str]
    transcript_required: bool


@dataclass(frozen=True, slots=True)
class EducationPolicy:
    clause: str
    by_kind: dict[str, EducationRule]


@dataclass(frozen=True, slots=True)
class TrainingTarget:
    total_hours: Decimal
    topic_hours: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True, slots=True)
class TrainingPolicy:
    clause: str
    clause_by_kind: dict[str, str]
    relationship_based_only: bool
    by_kind: dict[str, TrainingTarget]


@dataclass(frozen=True, slots=True)
class WorkPart:
    id: str
    label: str
    kinds: frozenset[str]
    years: int
    supervised: bool
    infant_and_parent: bool
    clause: str
    # "any": paid or not; "paid": paid only; "paid_or_trained_volunteer": paid, or volunteer
    # work that is supervised and has its own specialised training.
    paid: str = "any"
    # Both `social_emotional_focus` and `relationship_focus` must be true.
    focus_flags: bool = False
    # The `license_status` values that count; None when the status is not read.
    license_statuses: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Internship:
    """Internship credit (IMHS `2025`): up to `cap_days` days not already counted."""

    cap_days: int
    kinds: frozenset[str]
    supervised: bool
    infant_and_parent: bool
    supervisor_endorsements: frozenset[str]


@dataclass(frozen=True, slots=True)
class WorkRule:
    parts: tuple[WorkPart, ...]
    # Days count from the graduation date, and no graduation date means not met.
    postgraduate: bool
    # The sum of `families_served` over the entries counted in part 1 (a second part).
    families_min: int | None
    internship: Internship | None


@dataclass(frozen=True, slots=True)
class WorkPolicy:
    clause: str
    days_per_year: int
    by_kind: dict[str, WorkRule]


@dataclass(frozen=True, slots=True)
class LeadershipPolicy:
    clause: str
    levels: tuple[str, ...]
    # The kinds that need an activity, and the least level that counts for each.
    min_level: dict[str, str]
    catalogue: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class RscRule:
    required: bool
    # None where the kind has no hours figure (IFA, ECFA): only the hours recorded are reported.
    hours: Decimal | None
    min_years: int
    max_years: int
    exclude_peer: bool
    provider_endorsements: frozenset[str] | None
    # A provider holding one of these with the ERS add-on counts too.
    ers_with: frozenset[str]
    focus_hours: tuple[tuple[str, Decimal], ...]
    single_main_provider: bool
    max_other_providers: int | None


@dataclass(frozen=True, slots=True)
class RscPolicy:
    clause: str
    clause_by_kind: dict[str, str]
    by_kind: dict[str, RscRule]


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
    # Whether a rater the coordinator vetted satisfies the endorsed-rater rule, by kind.
    vetted_counts: dict[str, bool]
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
    """The written examination: which kinds sit it, Part 1's questions and its pass mark."""

    clause: str
    required: dict[str, bool]
    match_band: bool
    part1_questions: int
    part1_pass: int


@dataclass(frozen=True, slots=True)
class MembershipPolicy:
    clause: str
    # Accepted membership kinds; None accepts any kind, and a kind not recorded.
    kinds: frozenset[str] | None
    # Accepted associations; None accepts any.
    associations: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    title: str
    description: str
    effective_on: date | None
    categories: dict[str, Category]
    # The categories for which this version applies when a portfolio names none.
    default_for: frozenset[str]
    kinds: dict[str, str]
    bands: dict[str, str]
    # Endorsement → its twin of the other age band, both directions.
    twins: dict[str, str]
    # Kinds whose clauses are the section texts; every other kind's clause is
    # "<version>: <abbr.> <requirement name>".
    named_clause_kinds: frozenset[str]
    requirement_names: dict[str, str]
    alternative_groups: dict[str, tuple[AlternativeGroup, ...]]
    education: EducationPolicy
    training: TrainingPolicy
    work_experience: WorkPolicy
    leadership: LeadershipPolicy
    rsc: RscPolicy
    references: ReferencesPolicy
    ethics: EthicsPolicy
    competencies: CompetenciesPolicy
    exam: ExamPolicy
    membership: MembershipPolicy

    def category(self, category_id: str) -> Category:
        try:
            return self.categories[category_id]
        except KeyError:
            known = ", ".join(self.categories)
            raise PolicyError(
                f"policy {self.name!r} does not offer category {category_id!r}; it offers {known}"
            ) from None

    def clause(self, requirement: str, category: Category, text: str) -> str:
        """The clause a requirement's result names: `text` (the section's, for the kinds it is
        written for), else the version, the category's abbreviation and the requirement."""
        if category.kind in self.named_clause_kinds:
            return text
        return f"{self.name}: {category.abbr} {self.requirement_names[requirement]}"

    def with_twins(self, endorsements: frozenset[str]) -> frozenset[str]:
        """`endorsements` and their twins of the other age band (choice K6)."""
        return endorsements | {self.twins[e] for e in endorsements if e in self.twins}


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _hours_table(table: dict[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((topic, _decimal(hours)) for topic, hours in table.items())


def _optional_set(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values is not None else None


def _education(data: dict[str, Any]) -> EducationPolicy:
    return EducationPolicy(
        clause=data["clause"],
        by_kind={
            kind: EducationRule(
                degree_types=frozenset(rule["degree_types"]),
                accepted_types=frozenset(rule["accepted_types"]),
                certificate_kinds=frozenset(rule["certificate_kinds"]),
                license_kinds=frozenset(rule["license_kinds"]),
                transcript_required=rule["transcript_required"],
            )
            for kind, rule in data["by_kind"].items()
        },
    )


def _work(data: dict[str, Any]) -> WorkPolicy:
    def part(raw: dict[str, Any]) -> WorkPart:
        return WorkPart(
            id=raw["id"],
            label=raw["label"],
            kinds=frozenset(raw["kinds"]),
            years=raw["years"],
            supervised=raw["supervised"],
            infant_and_parent=raw["infant_and_parent"],
            clause=raw["clause"],
            paid=raw.get("paid", "any"),
            focus_flags=raw.get("focus_flags", False),
            license_statuses=_optional_set(raw.get("license_statuses")),
        )

    def internship(raw: dict[str, Any] | None) -> Internship | None:
        if raw is None:
            return None
        return Internship(
            cap_days=raw["cap_days"],
            kinds=frozenset(raw["kinds"]),
            supervised=raw["supervised"],
            infant_and_parent=raw["infant_and_parent"],
            supervisor_endorsements=frozenset(raw["supervisor_endorsements"]),
        )

    return WorkPolicy(
        clause=data["clause"],
        days_per_year=data["days_per_year"],
        by_kind={
            kind: WorkRule(
                parts=tuple(part(p) for p in rule["parts"]),
                postgraduate=rule["postgraduate"],
                families_min=rule.get("families_min"),
                internship=internship(rule.get("internship")),
            )
            for kind, rule in data["by_kind"].items()
        },
    )


def _rsc(data: dict[str, Any]) -> RscPolicy:
    return RscPolicy(
        clause=data["clause"],
        clause_by_kind=dict(data.get("clause_by_kind", {})),
        by_kind={
            kind: RscRule(
                required=rule["required"],
                hours=_decimal(rule["hours"]) if rule["hours"] is not None else None,
                min_years=rule["min_years"],
                max_years=rule["max_years"],
                exclude_peer=rule["exclude_peer"],
                provider_endorsements=_optional_set(rule["provider_endorsements"]),
                ers_with=frozenset(rule.get("ers_with", ())),
                focus_hours=_hours_table(rule["focus_hours"]),
                single_main_provider=rule["single_main_provider"],
                max_other_providers=rule["max_other_providers"],
            )
            for kind, rule in data["by_kind"].items()
        },
    )


def policy_from_data(data: dict[str, Any]) -> Policy:
    """Build a `Policy` from a decoded policy file; raise `PolicyError` when it is malformed."""
    try:
        if data["format"] != POLICY_FORMAT:
            raise PolicyError(f"expected format {POLICY_FORMAT!r}, got {data['format']!r}")
        training = data["training"]
        leadership = data["leadership"]
        references = data["references"]
        ethics = data["ethics"]
        min_known = references["min_known_years"]
        twins = dict(data.get("twins", {}))
        policy = Policy(
            name=data["name"],
            title=data["title"],
            description=data["description"],
            effective_on=date.fromisoformat(data["effective_on"]) if data["effective_on"] else None,
            categories={
                key: Category(key, value["kind"], value["band"], value["abbr"], value["title"])
                for key, value in data["categories"].items()
            },
            default_for=frozenset(data["default_for"]),
            kinds=dict(data["kinds"]),
            bands=dict(data["bands"]),
            twins={**twins, **{b: a for a, b in twins.items()}},
            named_clause_kinds=frozenset(data["clauses"]["named_kinds"]),
            requirement_names=dict(data["clauses"]["requirement_names"]),
            alternative_groups={
                kind: tuple(AlternativeGroup(g["id"], tuple(g["members"])) for g in groups)
                for kind, groups in data.get("alternative_groups", {}).items()
            },
            education=_education(data["education"]),
            training=TrainingPolicy(
                clause=training["clause"],
                clause_by_kind=dict(training.get("clause_by_kind", {})),
                relationship_based_only=training["relationship_based_only"],
                by_kind={
                    key: TrainingTarget(
                        _decimal(value["total_hours"]), _hours_table(value["topic_hours"])
                    )
                    for key, value in training["by_kind"].items()
                },
            ),
            work_experience=_work(data["work_experience"]),
            leadership=LeadershipPolicy(
                clause=leadership["clause"],
                levels=tuple(leadership["levels"]),
                min_level=dict(leadership["min_level"]),
                catalogue={key: tuple(items) for key, items in leadership["catalogue"].items()},
            ),
            rsc=_rsc(data["rsc"]),
            references=ReferencesPolicy(
                clause=references["clause"],
                count=references["count"],
                slots={
                    key: tuple(Slot(s["id"], s["label"], frozenset(s["roles"])) for s in slots)
                    for key, slots in references["slots"].items()
                },
                endorsed_levels=frozenset(references["endorsed_levels"]),
                vetted_counts=dict(references["vetted_counts"]),
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
                required=dict(data["exam"]["required"]),
                match_band=data["exam"]["match_band"],
                part1_questions=data["exam"]["part1_questions"],
                part1_pass=data["exam"]["part1_pass"],
            ),
            membership=MembershipPolicy(
                clause=data["membership"]["clause"],
                kinds=_optional_set(data["membership"]["kinds"]),
                associations=_optional_set(data["membership"]["associations"]),
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, PolicyError):
            raise
        raise PolicyError(f"malformed policy file: {error!r}") from error
    _check_tables(policy)
    return policy


def _check_tables(policy: Policy) -> None:
    """Every kind a category names has a row in every table keyed by kind."""
    tables: dict[str, dict[str, Any]] = {
        "education": policy.education.by_kind,
        "training": policy.training.by_kind,
        "work_experience": policy.work_experience.by_kind,
        "rsc": policy.rsc.by_kind,
        "references.slots": policy.references.slots,
        "references.vetted_counts": policy.references.vetted_counts,
        "exam.required": policy.exam.required,
    }
    for category in policy.categories.values():
        for name, table in tables.items():
            if category.kind not in table:
                raise PolicyError(
                    f"malformed policy file: {name} has no row for kind {category.kind!r}"
                )


@cache
def policy_names() -> tuple[str, ...]:
    """Names of the policy versions shipped with the engine, the default first. (Read once: the
    files ship with the package, and every evaluation without a named policy asks.)"""
    folder = resources.files(__package__).joinpath("policies")
    names = sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )
    return (DEFAULT_POLICY, *(name for name in names if name != DEFAULT_POLICY))


def default_policy_for(category: str) -> str:
    """The version a portfolio of `category` is evaluated under when it names none (choice K1)."""
    return _default_policies().get(category, DEFAULT_POLICY)


@cache
def _default_policies() -> dict[str, str]:
    """Each category's default version: the first, in `policy_names` order, that names it."""
    found: dict[str, str] = {}
    for name in policy_names():
        for category in load_policy(name).default_for:
            found.setdefault(category, name)
    return found


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


@cache
def known_categories() -> frozenset[str]:
    """Every category some shipped policy defines."""
    return frozenset(key for name in policy_names() for key in load_policy(name).categories)
