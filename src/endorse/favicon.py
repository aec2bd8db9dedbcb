"""`/favicon.ico`: browsers ask for it whatever a page names, so it leads to the site's icon (a
static file; a temporary redirect, since its hashed name changes with each release)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("endorse/favicon.svg"))
