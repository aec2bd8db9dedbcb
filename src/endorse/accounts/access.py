"""Who is asking: the one place views learn the signed-in person."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .models import User
from .roles import has_role, has_two_factor


def signed_in_person(request: HttpRequest) -> User:
    """The signed-in person; views call it behind `login_required`."""
    user = request.user
    assert isinstance(user, User), "call signed_in_person only behind login_required"
    return user


def second_factor_used(request: HttpRequest) -> bool:
    """Whether *this session* completed the second factor (an authenticator code or a recovery
    code, at sign-in or since), as django-allauth records it. Having an authenticator is not
    enough: a password alone, through any door, never opens a staff page."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def acting_as_staff(request: HttpRequest, *roles: str) -> bool:
    """Whether the signed-in person may act in one of `roles` on a page that also serves others
    (a holder's certificate): the role, and a session that used the second factor."""
    return has_role(signed_in_person(request), *roles) and second_factor_used(request)


def second_factor_gate(request: HttpRequest, person: User) -> HttpResponse | None:
    """None when this session used the second factor; otherwise where to send the person: to set
    up an authenticator app when they have none, or to enter a code from it when they have one."""
    if second_factor_used(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    if not has_two_factor(person):
        messages.warning(
            request,
            "Staff pages need two-factor sign-in. Set up an authenticator app to go on.",
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
    messages.warning(
        request, "Staff pages need two-factor sign-in. Enter a code from your authenticator app."
    )
    return redirect(f"{reverse('mfa_reauthenticate')}?{query}")


def staff_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A staff page: signed in, holding one of `roles` (anyone else gets 404, as if the page did
    not exist), in a session that completed the second factor (otherwise sent to set up an
    authenticator app, or to enter a code from it)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            person = signed_in_person(request)
            if not has_role(person, *roles):
                raise Http404("no such page")
            gate = second_factor_gate(request, person)
            if gate is not None:
                return gate
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
