"""Writes about people: their profile and the memberships they report."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .models import Membership, User


def profile_update(*, person: User, name: str, phone: str) -> User:
    person.name = name.strip()
    person.phone = phone.strip()
    person.save(update_fields=["name", "phone"])
    return person


def membership_add(
    *, person: User, association: str, member_id: str, kind: str, expires_on: date
) -> Membership:
    with transaction.atomic():
        return Membership.objects.create(
            person=person,
            association=association,
            member_id=member_id,
            kind=kind,
            expires_on=expires_on,
        )


def membership_delete(*, membership: Membership) -> None:
    membership.delete()
