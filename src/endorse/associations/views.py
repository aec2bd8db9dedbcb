"""The association's brand style sheet: the site's Content-Security-Policy allows style sheets
from the site only (no inline styles), so the brand colour comes as a small style sheet of its
own, linked by every page of an association that has one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import brand_colour_of


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def brand_css(request: HttpRequest) -> HttpResponse:
    """`--brand-colour` for the request's association; nothing when it has none. The colour is
    checked again here (`#` and six hexadecimal digits), so nothing else can reach the sheet.
    Pages link it with the colour in the query, so a changed colour is fetched afresh."""
    colour = brand_colour_of(request.association.brand_colour)  # type: ignore[attr-defined]
    text = f":root {{ --brand-colour: {colour}; }}\n" if colour else ""
    return HttpResponse(text, content_type="text/css; charset=utf-8")
