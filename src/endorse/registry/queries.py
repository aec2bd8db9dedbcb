"""Reads of the registry."""

from __future__ import annotations

import re
from datetime import date

from .models import Endorsement


def normalise_name(name: str) -> str:
    """Names compared as people write them: case, spacing and full stops do not matter."""
    return " ".join(re.sub(r"[.,]", " ", name).casefold().split())


def endorsement_matching(*, number: str, name: str, level: str, today: date) -> Endorsement | None:
    """The active endorsement with this number, held by this name at this level, or None."""
    number = number.strip()
    if not number or not name.strip():
        return None
    endorsement = (
        Endorsement.objects.select_related("person")
        .filter(number__iexact=number, level=level)
        .first()
    )
    if endorsement is None or endorsement.status_on(today) != "active":
        return None
    if normalise_name(endorsement.name) != normalise_name(name):
        return None
    return endorsement
