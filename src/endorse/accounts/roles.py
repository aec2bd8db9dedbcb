"""Staff roles. A person holds a role by belonging to the Django group of that name (granted in
the admin, or by `endorse manage grant_role`). Staff pages also need two-factor sign-in."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db import models

from .models import User


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Endorsement coordinator"
    REVIEWER = "reviewer", "Reviewer"
    EXAM_REVIEWER = "exam_reviewer", "Exam reviewer"


def roles_of(person: User) -> frozenset[str]:
    """The person's roles (one query, then remembered on the object for the request)."""
    cached: frozenset[str] | None = getattr(person, "_endorse_roles", None)
    if cached is None:
        if not person.is_active:
            cached = frozenset()
        else:
            names = person.groups.filter(name__in=Role.values).values_list("name", flat=True)
            cached = frozenset(names)
        person._endorse_roles = cached  # type: ignore[attr-defined]
    return cached


def has_role(person: User, *roles: str) -> bool:
    return bool(roles_of(person) & set(roles))


def has_two_factor(person: User) -> bool:
    found: bool = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    return found
