"""Staff roles. A person holds a role in one association (`associations.StaffRole`, granted on
the staff's roles page, in the admin, or by `endorse manage grant_role`); every question about
roles is asked of the association whose scope is active. Staff pages also need two-factor
sign-in. A platform administrator (a superuser) stands above the associations."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from endorse.associations.models import Role, StaffRole, current_association

from .models import User

__all__ = ["Role", "has_role", "has_two_factor", "roles_of"]


def roles_of(person: User) -> frozenset[str]:
    """The person's roles in the current association (one query, then remembered on the object
    for the request, per association). Outside an association's scope the query fails."""
    association = current_association()
    key = association.pk if association is not None else None
    remembered: dict[int | None, frozenset[str]] | None = getattr(person, "_endorse_roles", None)
    if remembered is None:
        remembered = {}
        person._endorse_roles = remembered  # type: ignore[attr-defined]
    if key not in remembered:
        if not person.is_active:
            remembered[key] = frozenset()
        else:
            names = StaffRole.objects.filter(person=person).values_list("role", flat=True)
            remembered[key] = frozenset(names)
    return remembered[key]


def has_role(person: User, *roles: str) -> bool:
    return bool(roles_of(person) & set(roles))


def has_two_factor(person: User) -> bool:
    found: bool = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    return found
