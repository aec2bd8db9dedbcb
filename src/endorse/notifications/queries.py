"""Reads of the outbox."""

from __future__ import annotations

from typing import Any

from .models import UNDELIVERED, OutboxMessage


def undelivered_to(recipient: str, *, application: Any) -> list[OutboxMessage]:
    """Emails about `application` to `recipient` that bounced or failed, newest first."""
    return list(
        OutboxMessage.objects.filter(
            application=application, recipient__iexact=recipient, status__in=UNDELIVERED
        ).order_by("-created_at", "-pk")[:5]
    )
