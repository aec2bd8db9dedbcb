"""Checks at the edge, before any view runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

NUL = "\x00"
NUL_REFUSED = (
    "The address or a form field contains a character that is not allowed (a NUL byte). "
    "Check the link or what you typed, and try again."
)


class RefuseNul:
    """Answer 400 to a request with a NUL character in its path, a query parameter or a form
    field, name or value (Django already drops it from uploaded files' names).

    No text the product keeps can hold one (PostgreSQL refuses NUL in every string, SQLite would
    store it), so it is only ever a mistake or a probe; refusing it here spares every view,
    django-allauth's included, from a database error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            page = render_to_string("400.html", {"reason": NUL_REFUSED})
            return HttpResponseBadRequest(page)
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path or NUL in request.path_info:
        return True
    fields = [request.GET]
    if request.method == "POST":
        # Parses only form bodies (url-encoded, multipart); other bodies stay for the view.
        fields.append(request.POST)
    for data in fields:
        for name, values in data.lists():
            if NUL in name or any(NUL in value for value in values):
                return True
    return False
