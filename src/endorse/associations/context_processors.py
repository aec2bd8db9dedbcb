"""The request's association for every page's header and footer: its names, logo, contact and
brand colour, read from the in-memory table (`routing`), so a page gains no query."""

from __future__ import annotations

import functools

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, empty

from .models import Association, brand_colour_of
from .routing import resolve_in_memory


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
    """The request's association when it is known without a query: already looked up for the
    request (a path prefix, or a page that read stored data), else from the table in memory.
    A page that reads no stored data, and the error page of a database that is away, never
    reach the database for it; before any table is loaded they show the product's name."""
    if request is None:
        return None
    association = getattr(request, "association", None)
    if isinstance(association, SimpleLazyObject) and association._wrapped is empty:
        return resolve_in_memory(request)
    return association if isinstance(association, Association) else None


def site_association(request: HttpRequest) -> dict[str, object]:
    return branding(known_association(request))
