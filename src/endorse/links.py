"""Links that leave the site (emails, certificates): the view's path on the current
association's address (`associations.routing.base_url`; ENDORSE_BASE_URL on one installation
with one association)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.urls import get_script_prefix, reverse

from endorse.associations.models import Association
from endorse.associations.routing import PREFIX, base_url


def absolute_url(
    viewname: str, *, anchor: str = "", association: Association | None = None, **kwargs: Any
) -> str:
    """The view's address on `association`'s site (by default the current scope's)."""
    path = _unprefixed(reverse(viewname, kwargs=kwargs or None))
    return f"{base_url(association)}{path}{f'#{anchor}' if anchor else ''}"


def on_base_url(url: str) -> str:
    """`url`'s path, query and fragment on the association's address, whatever scheme and host
    it had (a link built from a request follows the request's `Host`, which the client
    chooses)."""
    parts = urlsplit(url)
    path = PREFIX.sub("", _unprefixed(parts.path), count=1)
    return f"{base_url()}{urlunsplit(('', '', path, parts.query, parts.fragment))}"


def _unprefixed(path: str) -> str:
    """`path` without the script prefix an association's path prefix adds while a request runs
    (the base URL carries it)."""
    prefix = get_script_prefix()
    return "/" + path[len(prefix) :] if prefix != "/" and path.startswith(prefix) else path
