"""Who is asking: the one place views learn the signed-in person."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


def signed_in_person(request: HttpRequest) -> User:
    """The signed-in person; views call it behind `login_required`."""
    user = request.user
    assert isinstance(user, User), "call signed_in_person only behind login_required"
    return user
