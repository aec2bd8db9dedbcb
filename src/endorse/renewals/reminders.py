"""Renewal reminders: when the window opens, a month before the deadline, on the deadline and
during the grace (the days are the policy's, choice R38), through the outbox, each at most
once per endorsement and period, and none once the renewal of the period is in.

Run by the worker once a sweep per association, on today's date in its time zone (as the lapse
job). Safe to run twice or after a pause: a `RenewalReminder` row is unique per endorsement,
period and kind, the email's idempotency key is the same, and only the latest reminder due is
sent (one missed long ago is not sent late once a later one is due)."""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction

from endorse.accounts.models import User
from endorse.associations.models import current_association
from endorse.eligibility.renewal_reminders import reminder_due
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue
from endorse.registry.models import Endorsement

from .enums import ReminderKind, RenewalState
from .models import Renewal, RenewalReminder

audit = logging.getLogger("endorse.audit")


def renewal_send_reminders(*, today: date) -> int:
    """Send, in the current association, the reminder due on `today` to each endorsement's
    holder that has not had it for this period; returns how many were sent."""
    association = current_association()
    assert association is not None, "run inside an association's scope"
    policy = association.renewal
    candidates = (
        Endorsement.objects.filter(revoked_at__isnull=True, person__isnull=False)
        .select_related("association", "person")
        .prefetch_related("inactive_periods")
    )
    sent = set(RenewalReminder.objects.values_list("endorsement_id", "deadline", "kind"))
    # Renewals in for a period (submitted or accepted: not sent back), by endorsement.
    renewed = set(
        Renewal.objects.exclude(state=RenewalState.SENT_BACK).values_list(
            "endorsements__id", "period_end"
        )
    )
    count = 0
    for endorsement in candidates:
        standing = endorsement.standing_on(today)
        due = reminder_due(standing, policy, today)
        # A kind the product has no email for (a policy file's own) is not sent.
        if due is None or due.kind not in ReminderKind.values:
            continue
        deadline = standing.dates.deadline
        if (endorsement.pk, deadline) in renewed or (endorsement.pk, deadline, due.kind) in sent:
            continue
        person = endorsement.person
        assert person is not None
        if _send(
            endorsement=endorsement,
            person=person,
            kind=due.kind,
            deadline=deadline,
            grace_ends_on=standing.dates.grace_ends_on,
            today=today,
        ):
            count += 1
            audit.info(
                "renewal reminder %s sent for endorsement %s (deadline %s)",
                due.kind,
                endorsement.number,
                deadline,
            )
    return count


def _send(
    *,
    endorsement: Endorsement,
    person: User,
    kind: str,
    deadline: date,
    grace_ends_on: date,
    today: date,
) -> bool:
    """Record the reminder and queue its email in one transaction; False when another run
    recorded it first."""
    association = current_association()
    assert association is not None
    try:
        with transaction.atomic():
            RenewalReminder.objects.create(
                endorsement=endorsement,
                person=person,
                kind=kind,
                deadline=deadline,
                sent_on=today,
            )
            message_queue(
                recipient=person.email,
                template=f"renewals/email/reminder_{kind}",
                context={
                    "name": endorsement.name,
                    "association": association.name,
                    "number": endorsement.number,
                    "category": endorsement.category,
                    "deadline": f"{deadline:%-d %B %Y}",
                    "grace_ends_on": f"{grace_ends_on:%-d %B %Y}",
                    "renewal": absolute_url("renewals:page"),
                },
                idempotency_key=f"renewal-reminder:{endorsement.pk}:{deadline}:{kind}",
            )
    except IntegrityError:
        # Another worker recorded it between our read and our write.
        return False
    return True


def reminders_sent(*, person: User) -> list[RenewalReminder]:
    """The renewal reminders sent to the person in this association, newest first."""
    return list(RenewalReminder.objects.filter(person=person).select_related("endorsement"))
