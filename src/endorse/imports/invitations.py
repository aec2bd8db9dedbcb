"""Invitations to claim the accounts an import made (docs/import.md, "Invitations").

An import makes unclaimed accounts and emails nobody. When the coordinator decides,
`invitation_send` queues invitations through the outbox, a batch at a time: each unclaimed
imported person once (`resend` invites again those invited before who have not claimed). The
link is django-allauth's password-reset key: following it, the person sets a password, which
proves they read the address, so `invitation_claimed` (on allauth's `password_reset` signal)
marks the email verified and the account claimed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.accounts.models import User
from endorse.associations.models import Association
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue

from .models import ImportedAccount, InvitationEvent, InvitationEventKind

audit = logging.getLogger("endorse.audit")

DEFAULT_BATCH = 100
MAX_BATCH = 1000
TEMPLATE = "imports/email/invitation"


class InvitationRefused(Exception):
    """The batch asked for cannot be sent (its size)."""


@dataclass(frozen=True)
class InvitationCounts:
    """The association's imported accounts: never invited, invited but not claimed, claimed."""

    not_invited: int
    invited: int
    claimed: int


def _unclaimed() -> Q:
    # A person who set a password some other way (a password reset of their own) has claimed
    # the account too, even if the signal was missed.
    return Q(claimed_at__isnull=True, person__password__startswith=UNUSABLE_PASSWORD_PREFIX)


def unclaimed_imported(*, resend: bool = False) -> QuerySet[ImportedAccount]:
    """The current association's imported accounts still unclaimed and never invited (with
    `resend`: invited before, not claimed since), first imported first."""
    found = ImportedAccount.objects.filter(_unclaimed())
    found = found.filter(invitations__gt=0) if resend else found.filter(invitations=0)
    return found.select_related("person").order_by("pk")


def invitation_counts() -> InvitationCounts:
    """How many of the current association's imported accounts are in each state."""
    held = ImportedAccount.objects.all()
    unclaimed = held.filter(_unclaimed())
    return InvitationCounts(
        not_invited=unclaimed.filter(invitations=0).count(),
        invited=unclaimed.filter(invitations__gt=0).count(),
        claimed=held.exclude(_unclaimed()).count(),
    )


def invitation_link(person: User, association: Association) -> str:
    """The claim link: allauth's password-reset key for `person`, on the association's site.
    It works until the person sets a password (or for PASSWORD_RESET_TIMEOUT)."""
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(person)
    return absolute_url(
        "account_reset_password_from_key",
        association=association,
        uidb36=user_pk_to_url_str(person),
        key=token,
    )


def invitation_send(
    *,
    association: Association,
    actor: User | None,
    batch: int = DEFAULT_BATCH,
    resend: bool = False,
) -> list[ImportedAccount]:
    """Queue the next `batch` invitations of the association's unclaimed imported people, each
    in the outbox once (`resend`: again, to those invited before and still unclaimed). Returns
    the accounts invited. Call it in `association`'s scope."""
    if not 1 <= batch <= MAX_BATCH:
        raise InvitationRefused(f"a batch is 1 to {MAX_BATCH} people")
    invited: list[ImportedAccount] = []
    now = timezone.now()
    with transaction.atomic():
        for imported in unclaimed_imported(resend=resend).select_for_update()[:batch]:
            number = imported.invitations + 1
            # The row moves on only from the count read: a second sender of the same batch
            # finds it changed and skips it, so nobody is invited twice by two clicks.
            moved = ImportedAccount.objects.filter(
                pk=imported.pk, invitations=imported.invitations
            ).update(invitations=number, invited_at=now)
            if not moved:
                continue
            person = imported.person
            message_queue(
                recipient=person.email,
                template=TEMPLATE,
                context={
                    "name": person.name or person.email,
                    "email": person.email,
                    "link": invitation_link(person, association),
                },
                idempotency_key=f"import-invitation:{imported.pk}:{number}",
            )
            InvitationEvent.objects.create(
                association=association,
                kind=InvitationEventKind.INVITED,
                person=person,
                actor=actor,
                at=now,
            )
            imported.invitations, imported.invited_at = number, now
            invited.append(imported)
    who = actor.email if actor is not None else "the command line"
    audit.info(
        "import: %s invitations%s queued in %s by %s",
        len(invited),
        " (again)" if resend else "",
        association.slug,
        who,
    )
    return invited


def invitation_claimed(*, person: User) -> int:
    """`person` set a password from an emailed key: when an import made the account and it was
    not claimed yet, their email is verified and the account claimed in every association
    that imported it. Returns how many associations' records were marked."""
    # The claim is the person's, across associations: each that imported them records it.
    with scopes_disabled(), transaction.atomic():
        found = list(
            ImportedAccount.objects.filter(
                person=person, claimed_at__isnull=True
            ).select_for_update()
        )
        if not found:
            return 0
        now = timezone.now()
        address = EmailAddress.objects.filter(user=person, email__iexact=person.email).first()
        if address is None:
            EmailAddress.objects.create(
                user=person, email=person.email, verified=True, primary=True
            )
        else:
            address.verified = True
            address.primary = address.primary or not (
                EmailAddress.objects.filter(user=person, primary=True).exists()
            )
            address.save(update_fields=["verified", "primary"])
        for imported in found:
            imported.claimed_at = now
            imported.save(update_fields=["claimed_at"])
            InvitationEvent.objects.create(
                association_id=imported.association_id,
                kind=InvitationEventKind.CLAIMED,
                person=person,
                actor=person,
                at=now,
            )
    audit.info("import: account %s claimed", person.email)
    return len(found)
