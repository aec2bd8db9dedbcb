"""Error pages that never need the database: a 503 with a retry hint when the database cannot
be reached, a plain 500 otherwise. Neither shows a trace."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from endorse.associations.context_processors import branding, known_association

RETRY_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler; called while the exception is being handled."""
    error = sys.exc_info()[1]
    # The association's name when it is known (in memory, or still readable); never the other
    # context processors, which read the database.
    context = branding(known_association(request))
    if isinstance(error, DatabaseError) and _unreachable(error):
        context["retry"] = RETRY_SECONDS
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html", context), status=500)


def _unreachable(error: DatabaseError) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))
