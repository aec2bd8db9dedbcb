from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .queries import unread_count


def unread_messages(request: HttpRequest) -> dict[str, Any]:
    """`unread_messages`: how many messages the signed-in person has not read (one query, made
    only if a template asks)."""
    user = request.user
    return {
        "unread_messages": SimpleLazyObject(
            lambda: unread_count(user) if user.is_authenticated else 0
        )
    }
