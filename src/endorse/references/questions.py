"""The rating form's questions: versioned data files, one per version.

A request keeps the version it was sent with, and a submitted rating stores the exact wording it
was answered under, so changing the questions never changes what an earlier rating meant. An
association can use its own wording for the Mentor categories: put `<version>.json` in
ENDORSE_REFERENCE_QUESTIONS_DIR and name it in its settings (`Association.reference_questions`;
ENDORSE_REFERENCE_QUESTIONS is the installation's default).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from endorse.associations.models import Association, current_association
from endorse.associations.routing import association_of
from endorse.eligibility import load_policy, policy_names

PACKAGE_DIR = Path(__file__).resolve().parent / "questions"
NOT_ENOUGH_INFORMATION = "nei"


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questions:
    version: str
    title: str
    introduction: str
    scale: tuple[tuple[str, str], ...]
    not_enough_information: str
    domains: tuple[Domain, ...]
    recommendations: tuple[tuple[str, str], ...]
    data: dict[str, Any]  # the file as read: what a rating stores as its wording

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for domain in self.domains for item in domain.items)


def _directories() -> list[Path]:
    extra = settings.ENDORSE_REFERENCE_QUESTIONS_DIR
    return ([Path(extra)] if extra else []) + [PACKAGE_DIR]


@cache
def load_questions(version: str) -> Questions:
    """The questions of `version`; `LookupError` names the version when there is no such file."""
    for directory in _directories():
        path = directory / f"{version}.json"
        if path.is_file():
            return parse_questions(json.loads(path.read_text(encoding="utf-8")))
    raise LookupError(f"no reference questions named {version!r}")


def current_questions() -> Questions:
    """The installation's default questions of the Mentor categories
    (ENDORSE_REFERENCE_QUESTIONS; each association's own are its `reference_questions`)."""
    return load_questions(settings.ENDORSE_REFERENCE_QUESTIONS)


# The rating form of each kind of category (the items follow that category's competencies); the
# Mentor kinds use the association's `reference_questions` (by default
# ENDORSE_REFERENCE_QUESTIONS), which may name its own wording.
QUESTIONS_BY_KIND = {
    "associate": "family-2025",
    "family_specialist": "family-2025",
    "mh_specialist": "specialist-2025",
}


def questions_for(category: str, *, association: Association | None = None) -> Questions:
    """The questions a new request for an application of `category` is sent with, in
    `association` (by default the current scope's; outside one, the installation's)."""
    kind = category_kind(category)
    if kind in QUESTIONS_BY_KIND:
        return load_questions(QUESTIONS_BY_KIND[kind])
    association = association or current_association()
    return load_questions(
        association.reference_questions if association else settings.ENDORSE_REFERENCE_QUESTIONS
    )


def request_questions(application: Any) -> Questions:
    """The questions a new request of `application` is sent with (its category's, its
    association's for the Mentor categories)."""
    return questions_for(
        application.category, association=association_of(application.association_id)
    )


def category_kind(category: str) -> str:
    """The kind of `category` in the newest policy version that offers it."""
    for name in reversed(policy_names()):
        policy = load_policy(name)
        if category in policy.categories:
            return policy.categories[category].kind
    raise LookupError(f"no policy offers category {category!r}")


def parse_questions(data: dict[str, Any]) -> Questions:
    return Questions(
        version=data["version"],
        title=data["title"],
        introduction=data.get("introduction", ""),
        scale=tuple((s["value"], s["label"]) for s in data["scale"]),
        not_enough_information=data["not_enough_information"],
        domains=tuple(
            Domain(d["id"], d["title"], tuple(Item(i["id"], i["text"]) for i in d["items"]))
            for d in data["domains"]
        ),
        recommendations=tuple((r["value"], r["label"]) for r in data["recommendations"]),
        data=data,
    )
