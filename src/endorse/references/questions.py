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
    return load_questions(settings.ENDORSE_REFERENCE_QUESTIONS)


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
