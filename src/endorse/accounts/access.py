"""Who is asking: the one place views learn the signed-in person."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from .models import User
from .roles import has_role, has_two_factor


def signed_in_person(request: HttpRequest) -> User:
    """The signed-in person; views call it behind `login_required`."""
    user = request.user
    assert isinstance(user, User), "call signed_in_person only behind login_required"
    return user


def staff_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A staff page: signed in, holding one of `roles` (anyone else gets 404, as if the page did
    not exist), and signed in with two factors (otherwise sent to set up an authenticator app)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            person = signed_in_person(request)
            if not has_role(person, *roles):
                raise Http404("no such page")
            if not has_two_factor(person):
                messages.warning(
                    request,
                    "Staff pages need two-factor sign-in. Set up an authenticator app to go on.",
                )
                activate = reverse("mfa_activate_totp")
                return redirect(f"{activate}?{urlencode({'next': request.get_full_path()})}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
