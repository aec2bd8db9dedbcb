"""Writes about people: their profile and the memberships they report.

A membership feeds the verdict of every application of the person's, so adding or removing one
is recorded on each of those applications' logs (a person without an application has no log:
their first application reads the memberships as they then are).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from endorse.applications.domain import record_event
from endorse.applications.enums import EventKind

from .models import Membership, User


def _record_for_person(person: User, kind: EventKind, **data: Any) -> None:
    """Record `kind` on each of `person`'s applications, as done by the person."""
    for application in person.applications.all():
        record_event(application=application, actor=person, kind=kind, **data)


def profile_update(*, person: User, name: str, phone: str) -> User:
    person.name = name.strip()
    person.phone = phone.strip()
    person.save(update_fields=["name", "phone"])
    return person


def membership_add(
    *, person: User, association: str, member_id: str, kind: str, expires_on: date
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.create(
            person=person,
            association=association,
            member_id=member_id,
            kind=kind,
            expires_on=expires_on,
        )
        _record_for_person(
            person,
            EventKind.MEMBERSHIP_ADDED,
            membership=membership.pk,
            association=association,
            expires_on=expires_on.isoformat(),
        )
    return membership


def membership_delete(*, membership: Membership) -> None:
    with transaction.atomic():
        _record_for_person(
            membership.person,
            EventKind.MEMBERSHIP_DELETED,
            membership=membership.pk,
            association=membership.association,
            expires_on=membership.expires_on.isoformat(),
        )
        membership.delete()
