"""The request's association for every page's header and footer: its names, logo, contact and
brand colour, read from the in-memory table (`routing`), so a page gains no query."""

from __future__ import annotations

import functools

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError
from django.http import HttpRequest

from .models import Association, brand_colour_of


@functools.lru_cache(maxsize=256)
def logo_url(path: str) -> str:
    """The logo's address, or "" when the static files do not hold it (a mistyped path shows
    no logo rather than failing every page)."""
    if not path:
        return ""
    try:
        return str(staticfiles_storage.url(path)) if finders.find(path) else ""
    except ValueError:  # not in the manifest
        return ""


def branding(association: Association | None) -> dict[str, object]:
    """What the layout reads of `association` (nothing when none is known)."""
    if association is None:
        return {}
    return {
        "site_association": association,
        "site_logo": logo_url(association.logo),
        "site_colour": brand_colour_of(association.brand_colour).removeprefix("#"),
    }


def known_association(request: HttpRequest | None) -> Association | None:
    """The request's association, or None when there is none or it cannot be read (the
    database is away and the table is not in memory: the page still renders, unbranded)."""
    if request is None or not hasattr(request, "association"):
        return None
    try:
        association = request.association
        association.pk  # noqa: B018  # a lazy association is looked up here
    except DatabaseError:
        return None
    return association if isinstance(association, Association) else None


def site_association(request: HttpRequest) -> dict[str, object]:
    return branding(known_association(request))
