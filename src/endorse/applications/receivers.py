"""Reactions to what other apps announce about an applicant."""

from __future__ import annotations

from typing import Any

from endorse.accounts.models import Membership, User

from .domain import record_event
from .enums import EventKind

MEMBERSHIP_EVENTS = {"added": EventKind.MEMBERSHIP_ADDED, "deleted": EventKind.MEMBERSHIP_DELETED}


def membership_changed(*, person: User, kind: str, membership: Membership, **_: Any) -> None:
    """Record a membership added or removed on each of the person's applications, as done by the
    person (it feeds every one of their verdicts)."""
    for application in person.applications.all():
        record_event(
            application=application,
            actor=person,
            kind=MEMBERSHIP_EVENTS[kind],
            membership=membership.pk,
            association=membership.association,
            expires_on=membership.expires_on.isoformat() if membership.expires_on else None,
        )
