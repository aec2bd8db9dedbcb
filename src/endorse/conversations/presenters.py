"""The conversation shaped for pages: beside the staff file's events."""

from __future__ import annotations

from typing import Any

from .queries import Conversation, section_label


def beside_events(lines: list[dict[str, Any]], conversation: Conversation) -> list[dict[str, Any]]:
    """The staff timeline: event lines (`review.presenters.event_line`) with every message of
    the conversation (notes included) between them, latest first."""
    merged = [line | {"at": line["event"].created_at} for line in lines]
    merged += [
        {"at": m.created_at, "message": m, "thread": t, "about": section_label(t)}
        for m, t in conversation.messages
    ]
    return sorted(merged, key=lambda line: line["at"], reverse=True)
