"""Figures the security tests record for docs/security.md (read by scripts/security-figures)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import connection

FOLDER = Path(__file__).resolve().parents[2] / "test-artifacts" / "security"


def record(name: str, **figures: object) -> None:
    """Write test-artifacts/security/<name>-<database>.json."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{name}-{connection.vendor}.json"
    path.write_text(json.dumps(figures, sort_keys=True))
