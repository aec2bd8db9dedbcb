"""The example portfolios offered on the self-check page (the repository's examples/ folder)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    title: str
    path: Path


def list_samples() -> list[Sample]:
    """Every example file, titled by its applicant's name and its file name; empty when absent."""
    folder: Path = settings.ENDORSE_EXAMPLES_DIR
    if not folder.is_dir():
        return []
    return [
        Sample(name=path.stem, title=path.stem.replace("-", " ").capitalize(), path=path)
        for path in sorted(folder.glob("*.json"))
    ]


def get_sample(name: str) -> Sample | None:
    return next((sample for sample in list_samples() if sample.name == name), None)
