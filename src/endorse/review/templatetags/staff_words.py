"""Template filters of the staff pages: stored values shown in words."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from endorse.review.presenters import labelled

register = template.Library()


register.filter("labelled", labelled)


@register.filter
def labelled_one(value: str, labels: Mapping[str, str]) -> str:
    """One id as its label."""
    return labels.get(value, value.replace("_", " "))
