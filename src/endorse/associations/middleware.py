"""Every request runs inside its association's scope."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django_scopes import scope

from .models import Association
from .routing import PREFIX, in_memory, resolve


class AssociationMiddleware:
    """Set `request.association` and activate its scope and its time zone for the rest of the
    request.

    A path prefix (`/a/mi-aimh/…`) is taken off before URL resolving and becomes part of the
    script prefix, so every URL the pages reverse stays inside the association. Otherwise it is
    found at once when the process holds the associations in memory (for its time zone from
    the start), else only when something asks: a page that reads no stored data (the
    self-check, the error pages) still answers while the database is away.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        association: Association
        if PREFIX.match(request.path_info) or in_memory():
            # Its time zone from the start: the pages' dates and "today" are its own.
            association, prefix = resolve(request)
            timezone.activate(association.zone)
        else:
            # The table is not in memory yet: looked up (and its zone activated) when something
            # asks, which every read of a scoped row does.
            association, prefix = SimpleLazyObject(lambda: _entered(resolve(request)[0])), ""  # type: ignore[assignment]
        request.association = association  # type: ignore[attr-defined]
        previous = get_script_prefix()
        if prefix:
            request.path_info = request.path_info[len(prefix) :] or "/"
            set_script_prefix(previous.rstrip("/") + prefix + "/")
        try:
            with scope(association=association):
                return self.get_response(request)
        finally:
            timezone.deactivate()
            if prefix:
                set_script_prefix(previous)


def _entered(association: Association) -> Association:
    """`association`, its time zone activated for the rest of the request."""
    timezone.activate(association.zone)
    return association
