from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .roles import roles_of


def staff_roles(request: HttpRequest) -> dict[str, Any]:
    """`staff_roles`: the signed-in person's roles, looked up only if a template asks."""
    user = request.user
    return {
        "staff_roles": SimpleLazyObject(
            lambda: roles_of(user) if user.is_authenticated else frozenset()
        )
    }
