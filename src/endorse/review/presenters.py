"""The application's timeline in words."""

from __future__ import annotations

from typing import Any

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
