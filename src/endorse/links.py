"""Links that leave the site (emails, certificates): the view's path on ENDORSE_BASE_URL."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *, anchor: str = "", **kwargs: Any) -> str:
    path = reverse(viewname, kwargs=kwargs or None)
    return f"{settings.ENDORSE_BASE_URL}{path}{f'#{anchor}' if anchor else ''}"


def on_base_url(url: str) -> str:
    """`url`'s path, query and fragment on ENDORSE_BASE_URL, whatever scheme and host it had (a
    link built from a request follows the request's `Host`, which the client chooses)."""
    parts = urlsplit(url)
    return f"{settings.ENDORSE_BASE_URL}{urlunsplit(('', '', parts.path, parts.query, parts.fragment))}"
