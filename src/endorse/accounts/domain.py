"""Writes about people: their profile and the memberships they report.

A membership feeds the verdict of every application of the person's, so adding or removing one
is announced (`signals.membership_changed`) and recorded on each of those applications' logs by
the applications app (a person without an application has no log: their first application reads
the memberships as they then are).
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction

from endorse.associations.enums import Region
from endorse.associations.models import Association, StaffRole

from .models import Membership, ResidencyException, User
from .roles import Role, has_two_factor
from .signals import membership_changed

# Staff roles change rarely and matter: each change is a line in the log (who, whom, what).
audit = logging.getLogger("endorse.audit")


class RoleError(ValueError):
    """A role change that may not be made, in words for the person making it."""


def profile_update(
    *,
    person: User,
    name: str,
    phone: str,
    message_emails: str | None = None,
    residence: str | None = None,
) -> User:
    person.name = name.strip()
    person.phone = phone.strip()
    if message_emails is not None:
        person.message_emails = message_emails
    if residence is not None:
        if residence and residence not in Region.values:
            raise ValueError(f"unknown region {residence!r}")
        person.residence = residence
    person.save(update_fields=["name", "phone", "message_emails", "residence"])
    return person


def membership_add(
    *, person: User, association: str, member_id: str, kind: str, expires_on: date | None
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.create(
            person=person,
            association=association,
            member_id=member_id,
            kind=kind,
            expires_on=expires_on,
        )
        membership_changed.send(Membership, person=person, kind="added", membership=membership)
    return membership


def membership_delete(*, membership: Membership) -> None:
    with transaction.atomic():
        membership_changed.send(
            Membership, person=membership.person, kind="deleted", membership=membership
        )
        membership.delete()


def role_grant(*, person: User, role: str, actor: User | None) -> User:
    """Give `person` a staff role. Only to a person with an authenticator app: otherwise whoever
    holds the password alone could set up an app of their own and act as this staff member."""
    if role not in Role.values:
        raise RoleError(f"there is no role {role!r}")
    if not person.is_active:
        raise RoleError(f"{person.email}'s account is deactivated")
    if not has_two_factor(person):
        raise RoleError(
            f"{person.email} has no authenticator app yet; they set one up from their account "
            "(Two-factor authentication) first, then the role can be given"
        )
    with transaction.atomic():
        # In the association whose scope is active (the staff page's, or the command's).
        StaffRole.objects.get_or_create(person=person, role=role)
    if hasattr(person, "_endorse_roles"):
        del person._endorse_roles
    audit.info("role granted: %s is now %s (by %s)", person.email, role, _who(actor))
    return person


def role_remove(*, person: User, role: str, actor: User | None) -> User:
    """Take a staff role away from `person`."""
    if role not in Role.values:
        raise RoleError(f"there is no role {role!r}")
    with transaction.atomic():
        StaffRole.objects.filter(person=person, role=role).delete()
    if hasattr(person, "_endorse_roles"):
        del person._endorse_roles
    audit.info("role removed: %s is no longer %s (by %s)", person.email, role, _who(actor))
    return person


def residency_exception_record(
    *, person: User, association: Association, reason: str, actor: User
) -> ResidencyException:
    """Record that `person` applies to `association` although they live elsewhere, and why.
    One exception per person and association; the audit log names who recorded it."""
    reason = reason.strip()
    if not reason:
        raise ResidencyExceptionError("say why this person applies here")
    with transaction.atomic():
        # Locks the person's row: two coordinators recording at once get one exception.
        User.objects.select_for_update().filter(pk=person.pk).first()
        found = ResidencyException.objects.filter(person=person, association=association).first()
        if found is not None:
            raise ResidencyExceptionError(
                f"an exception for {person.email} is already recorded here, on "
                f"{found.recorded_at:%-d %B %Y}"
            )
        exception = ResidencyException.objects.create(
            person=person, association=association, reason=reason, recorded_by=actor
        )
        audit.info(
            "residency exception recorded: %s applies to %s (by %s)",
            person.email,
            association.slug,
            actor.email,
        )
    return exception


class ResidencyExceptionError(ValueError):
    """A residency exception that may not be recorded, in words for the coordinator."""


def _who(actor: User | None) -> str:
    return actor.email if actor is not None else "the command line"
