"""Checks shared by every form that accepts a portfolio file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


def check_portfolio_upload(upload: Any) -> Any:
    """Refuse a portfolio file far larger than any real one, before it is read."""
    if upload and upload.size > settings.ENDORSE_PORTFOLIO_MAX_BYTES:
        limit = settings.ENDORSE_PORTFOLIO_MAX_BYTES // 1024
        raise forms.ValidationError(
            f"The file is larger than {limit} KB; a portfolio file is far smaller."
        )
    return upload
