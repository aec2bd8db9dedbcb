"""Checks shared by every upload: the size of a portfolio file, the name of a document."""

from __future__ import annotations

import re
import unicodedata
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


# Characters a document's name keeps besides letters and digits; anything else becomes a space.
_NAME_PUNCTUATION = frozenset(" -_().")
NAME_MAX_CHARS = 100


def pdf_filename(uploaded: str | None) -> str:
    """The name a document is stored and served under: the uploaded name without its folders or
    extension, reduced to letters, digits, spaces and `- _ . ( )`, at most 100 characters, always
    ending in `.pdf`. Documents are PDFs by content; the name must not say otherwise (a PDF/HTML
    polyglot named .html would open as a page), nor carry quotes or line breaks into a header."""
    base = re.split(r"[\\/]", uploaded or "")[-1]
    stem, dot, _extension = base.rpartition(".")
    if dot and stem:
        base = stem
    base = re.sub(r"\.pdf$", "", base, flags=re.IGNORECASE)
    base = unicodedata.normalize("NFC", base)
    cleaned = "".join(c if c.isalnum() or c in _NAME_PUNCTUATION else " " for c in base)
    cleaned = " ".join(cleaned.split()).strip(" .-_")[:NAME_MAX_CHARS].strip(" .-_")
    return f"{cleaned or 'document'}.pdf"
