"""Template filters of the staff pages: stored values shown in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template

register = template.Library()


@register.filter
def labelled(values: Iterable[str], labels: Mapping[str, str]) -> str:
    """Ids joined as their labels (`theoretical_foundations` → "Theoretical foundations")."""
    return ", ".join(labels.get(value, value.replace("_", " ")) for value in values)


@register.filter
def labelled_one(value: str, labels: Mapping[str, str]) -> str:
    """One id as its label."""
    return labels.get(value, value.replace("_", " "))
