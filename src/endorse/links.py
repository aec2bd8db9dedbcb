"""Links that leave the site (emails, certificates): the view's path on ENDORSE_BASE_URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *, anchor: str = "", **kwargs: Any) -> str:
    path = reverse(viewname, kwargs=kwargs or None)
    return f"{settings.ENDORSE_BASE_URL}{path}{f'#{anchor}' if anchor else ''}"
