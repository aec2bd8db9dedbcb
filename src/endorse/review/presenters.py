"""Staff pages in words: the application's timeline, letters by their names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from endorse.notifications.models import OutboxMessage

from .enums import letter_name

# Event details shown beside the label (never a rating's content: events do not hold it).
SHOWN = (
    "frm",
    "to",
    "state",
    "outcome",
    "result",
    "number",
    "provider",
    "round",
    "order",
    "score",
    "judgement",
    "fields",
    "association",
)


def _shown(value: Any) -> str:
    return " and ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def event_line(event: Any) -> dict[str, Any]:
    data = event.data or {}
    return {
        "event": event,
        "label": event.get_kind_display(),
        "details": ", ".join(
            f"{k.replace('frm', 'from')} {_shown(data[k])}" for k in SHOWN if k in data
        ),
        "reason": data.get("reason", ""),
    }


def letter_lines(letters: Iterable[OutboxMessage]) -> list[dict[str, Any]]:
    """Letters as staff read them listed: the letter's name, never its template."""
    return [{"message": m, "name": letter_name(m.template)} for m in letters]
