"""The eligibility result (`imh-eligibility/1`): one verdict per requirement, with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

RESULT_FORMAT = "imh-eligibility/1"

Status = Literal["met", "not_met", "pending", "not_required"]
Overall = Literal["incomplete", "awaiting_review", "ready_for_exam", "endorsable"]

MET: Status = "met"
NOT_MET: Status = "not_met"
PENDING: Status = "pending"
NOT_REQUIRED: Status = "not_required"

REQUIREMENT_IDS = (
    "education",
    "training",
    "work_experience",
    "leadership",
    "rsc",
    "references",
    "ethics",
    "competencies",
    "exam",
    "membership",
)

# When several entries compete, the best status wins in this order.
STATUS_RANK: dict[Status, int] = {MET: 0, PENDING: 1, NOT_MET: 2, NOT_REQUIRED: 3}


class Excluded(NamedTuple):
    """An entry that did not count, and the reason in a coordinator's words."""

    id: str
    reason: str


_new_tuple = tuple.__new__


def exclude(entry: str, reason: str) -> Excluded:
    """An `Excluded`, built without NamedTuple's Python-level constructor: an evaluation makes
    dozens, and the constructor is most of their cost."""
    return _new_tuple(Excluded, (entry, reason))


@dataclass(slots=True)
class Part:
    """One separately judged part of a requirement (Clinical work experience, 2024 training)."""

    id: str
    label: str
    status: Status
    have: Decimal | int
    need: Decimal | int
    unit: str
    earliest_on: date | None = None


@dataclass(slots=True)
class Requirement:
    id: str
    title: str
    status: Status
    summary: str
    clause: str
    have: Decimal | int | None = None
    need: Decimal | int | None = None
    unit: str | None = None
    earliest_on: date | None = None
    counted: list[str] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    # What the applicant (or staff) still has to do, one plain sentence each.
    missing: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    # Requirement-specific detail: the RS/C window, the reference slots, competency coverage.
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Group:
    """An alternative group's verdict: the members of which one is enough, and its status."""

    id: str
    members: tuple[str, ...]
    status: Status


@dataclass(slots=True)
class Result:
    category: str
    category_title: str
    policy: str
    as_of: date
    overall: Overall
    requirements: list[Requirement]
    effective_on: date | None = None
    groups: list[Group] = field(default_factory=list)

    def requirement(self, requirement_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)

    def to_data(self) -> dict[str, Any]:
        """The result in the `imh-eligibility/1` exchange format, ready for `json.dumps`."""
        data: dict[str, Any] = {
            "format": RESULT_FORMAT,
            "category": self.category,
            "policy": self.policy,
            "effective_on": self.effective_on.isoformat() if self.effective_on else None,
            "as_of": self.as_of.isoformat(),
            "overall": self.overall,
            "requirements": [_requirement_data(r) for r in self.requirements],
        }
        if self.groups:
            data["groups"] = [
                {"id": g.id, "members": list(g.members), "status": g.status} for g in self.groups
            ]
        return data


def number(value: Decimal | int | None) -> int | float | None:
    """A JSON number: whole numbers as integers, others as decimals."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


def _requirement_data(r: Requirement) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": r.id,
        "title": r.title,
        "status": r.status,
        "summary": r.summary,
        "have": number(r.have),
        "need": number(r.need),
        "unit": r.unit,
        "earliest_on": r.earliest_on.isoformat() if r.earliest_on else None,
        "counted": list(r.counted),
        "excluded": [{"id": e.id, "reason": e.reason} for e in r.excluded],
        "missing": list(r.missing),
        "clause": r.clause,
    }
    if r.parts:
        data["parts"] = [
            {
                "id": p.id,
                "label": p.label,
                "status": p.status,
                "have": number(p.have),
                "need": number(p.need),
                "unit": p.unit,
                "earliest_on": p.earliest_on.isoformat() if p.earliest_on else None,
            }
            for p in r.parts
        ]
    if r.details:
        data.update(_jsonable(r.details))
    return data
