"""Writes about people: their profile and the memberships they report.

A membership feeds the verdict of every application of the person's, so adding or removing one
is announced (`signals.membership_changed`) and recorded on each of those applications' logs by
the applications app (a person without an application has no log: their first application reads
the memberships as they then are).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .models import Membership, User
from .signals import membership_changed


def profile_update(*, person: User, name: str, phone: str) -> User:
    person.name = name.strip()
    person.phone = phone.strip()
    person.save(update_fields=["name", "phone"])
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
