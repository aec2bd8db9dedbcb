"""The rating form's questions: versioned data files, one per version.

A request keeps the version it was sent with, and a submitted rating stores the exact wording it
was answered under, so changing the questions never changes what an earlier rating meant. An
association can use its own wording: put `<version>.json` in ENDORSE_REFERENCE_QUESTIONS_DIR and
name it in ENDORSE_REFERENCE_QUESTIONS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

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
    """The questions the Mentor categories' requests are sent with (ENDORSE_REFERENCE_QUESTIONS)."""
    return load_questions(settings.ENDORSE_REFERENCE_QUESTIONS)


# The rating form of each kind of category (the items follow that category's competencies); the
# Mentor kinds use ENDORSE_REFERENCE_QUESTIONS, which also names an association's own wording.
QUESTIONS_BY_KIND = {
    "associate": "family-2025",
    "family_specialist": "family-2025",
    "mh_specialist": "specialist-2025",
}


def questions_for(category: str) -> Questions:
    """The questions a new request for an application of `category` is sent with."""
    kind = category_kind(category)
    return load_questions(QUESTIONS_BY_KIND.get(kind, settings.ENDORSE_REFERENCE_QUESTIONS))


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
