"""The coordinator's writes on a submitted renewal: record the payment, accept it (the
endorsements are renewed through the end of the period it covers), send it back with a reason;
and approve the provider of RS/C received the endorsee logged.

Each is atomic, validates before writing and records its `RenewalEvent` in the same transaction;
the endorsee is emailed through the outbox, signed by the association like every other email.
Accepting refuses while the fee is unpaid, unless the payment is recorded in the same step
(`payment`): the coordinator never accepts a renewal on the promise of a payment."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from endorse.accounts.models import User
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue
from endorse.registry.models import Endorsement
from endorse.registry.queries import normalise_name

from . import reinstatement
from .enums import EntryKind, EventKind, FeeStatus, RenewalKind, RenewalState
from .models import LoggedHours, Renewal, RenewalEvent
from .queries_staff import fee_due, fee_paid, renewal_file

audit = logging.getLogger("endorse.audit")

MAX_NOTE = 200
MAX_REASON = 2000


class DecisionRefused(Exception):
    """The coordinator's action cannot be done; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment the coordinator records: how it was paid, and a note (who paid, a reference);
    the note is required for a payment made another way."""

    method: str
    note: str = ""


def _locked(renewal: Renewal) -> Renewal:
    locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if locked.state != RenewalState.SUBMITTED:
        raise DecisionRefused(f"this renewal is already {locked.get_state_display().lower()}")
    return locked


def payment_note(payment: Payment) -> str:
    """The payment's note, stripped, once the method and note are valid (a renewal's payment
    and a reactivation's are checked alike)."""
    if payment.method not in (FeeStatus.PAID_ONLINE, FeeStatus.ALTERNATIVE):
        raise DecisionRefused("say how the fee was paid: online or another way")
    note = payment.note.strip()
    if payment.method == FeeStatus.ALTERNATIVE and not note:
        raise DecisionRefused("say in the note who paid and how (an employer, a cheque)")
    if len(note) > MAX_NOTE:
        raise DecisionRefused(f"the note is at most {MAX_NOTE} characters")
    return note


def _record_payment(*, renewal: Renewal, payment: Payment, actor: User, today: date) -> None:
    note = payment_note(payment)
    due = fee_due(renewal)
    if not due.required:
        raise DecisionRefused("no fee is owed under this association's renewal policy")
    if fee_paid(renewal):
        raise DecisionRefused(f"the payment was already recorded on {renewal.fee_paid_on}")
    renewal.fee_status = payment.method
    renewal.fee_paid_on = today
    renewal.fee_paid_amount = due.amount
    renewal.fee_marked_by = actor
    renewal.fee_note = note
    renewal.save(
        update_fields=[
            "fee_status",
            "fee_paid_on",
            "fee_paid_amount",
            "fee_marked_by",
            "fee_note",
        ]
    )
    RenewalEvent.objects.create(
        kind=EventKind.PAYMENT_RECORDED,
        person=renewal.person,
        actor=actor,
        renewal=renewal,
        on=today,
        data={
            "amount": str(due.amount),
            "late_fee": str(due.late_fee),
            "method": payment.method,
            "note": note,
        },
    )


def renewal_record_payment(
    *, renewal: Renewal, payment: Payment, actor: User, today: date
) -> Renewal:
    """Record that the fee a submitted renewal owes is paid: the amount is computed (the fee,
    plus the late fee when it was submitted after the deadline), never typed."""
    with transaction.atomic():
        locked = _locked(renewal)
        _record_payment(renewal=locked, payment=payment, actor=actor, today=today)
    audit.info("renewal %s: payment recorded by %s", locked.pk, actor.pk)
    return locked


def renewal_accept(
    *,
    renewal: Renewal,
    actor: User,
    today: date,
    now: datetime,
    payment: Payment | None = None,
) -> Renewal:
    """Accept a submitted renewal: each endorsement it covers is renewed through the end of the
    period (`renewed_through` = `D`, RULES-renewal.md 4), so its standing is active again with
    the next deadline. Refused when the engine finds a requirement missing (hours removed since
    the submission), when an endorsement was revoked, or while the fee is unpaid and no
    `payment` is recorded in the same step. A declared sanction ("pending") is the coordinator's
    to decide: accepting decides it. A reinstatement (`kind`) is accepted by
    `reinstatement.reinstatement_accept` once its payment is recorded."""
    with transaction.atomic():
        locked = _locked(renewal)
        # A payment ticked with the acceptance is recorded only when a fee is owed and unpaid.
        if payment is not None and fee_due(locked).required and not fee_paid(locked):
            _record_payment(renewal=locked, payment=payment, actor=actor, today=today)
        if locked.kind == RenewalKind.REINSTATEMENT:
            return _reinstatement_accept(locked, actor=actor, today=today, now=now)
        found = renewal_file(locked, events=False)
        if not found.fee_settled:
            raise DecisionRefused(
                f"the fee of {found.fee.amount} is not paid: record the payment first, "
                "or with the acceptance"
            )
        if found.unmet:
            raise DecisionRefused("; ".join(found.unmet))
        endorsements = list(locked.endorsements.select_for_update().order_by("number"))
        revoked = [e.number for e in endorsements if e.revoked_at is not None]
        if revoked:
            raise DecisionRefused(f"{', '.join(revoked)} was revoked")
        Endorsement.objects.filter(pk__in=[e.pk for e in endorsements]).update(
            renewed_through=locked.period_end
        )
        locked.state = RenewalState.ACCEPTED
        locked.decided_at = now
        locked.decided_by = actor
        locked.save(update_fields=["state", "decided_at", "decided_by"])
        RenewalEvent.objects.create(
            kind=EventKind.ACCEPTED,
            person=locked.person,
            actor=actor,
            renewal=locked,
            on=today,
            data={
                "endorsements": [e.number for e in endorsements],
                "renewed_through": locked.period_end.isoformat(),
                "pending_decided": found.pending,
            },
        )
        message_queue(
            recipient=locked.person.email,
            template="renewals/email/accepted",
            context={
                "name": locked.person.name or locked.person.email,
                "numbers": ", ".join(e.number for e in endorsements),
                "renewed_through": f"{locked.period_end:%-d %B %Y}",
                "page": absolute_url("renewals:page"),
            },
            idempotency_key=f"renewal-accepted:{locked.pk}",
        )
    audit.info(
        "renewal %s accepted by %s: renewed through %s", locked.pk, actor.pk, locked.period_end
    )
    return locked


def _reinstatement_accept(renewal: Renewal, *, actor: User, today: date, now: datetime) -> Renewal:
    if not fee_paid(renewal):
        raise DecisionRefused(
            "the reinstatement fee is not paid: record the payment first, or with the acceptance"
        )
    try:
        return reinstatement.reinstatement_accept(
            renewal=renewal, actor=actor, today=today, now=now
        )
    except reinstatement.ReinstatementRefused as refused:
        raise DecisionRefused(str(refused)) from None


def renewal_send_back(
    *, renewal: Renewal, reason: str, actor: User, today: date, now: datetime
) -> Renewal:
    """Send a submitted renewal back with a reason: the endorsee is emailed it and may submit
    again for the same period (a sent-back renewal does not count as submitted)."""
    text = reason.strip()
    if not text:
        raise DecisionRefused("say why it is sent back: the endorsee reads it")
    if len(text) > MAX_REASON:
        raise DecisionRefused(f"the reason is at most {MAX_REASON} characters")
    with transaction.atomic():
        locked = _locked(renewal)
        locked.state = RenewalState.SENT_BACK
        locked.decided_at = now
        locked.decided_by = actor
        locked.save(update_fields=["state", "decided_at", "decided_by"])
        RenewalEvent.objects.create(
            kind=EventKind.SENT_BACK,
            person=locked.person,
            actor=actor,
            renewal=locked,
            on=today,
            data={"reason": text},
        )
        message_queue(
            recipient=locked.person.email,
            template="renewals/email/sent_back",
            context={
                "name": locked.person.name or locked.person.email,
                "period_end": f"{locked.period_end:%-d %B %Y}",
                "what": "reinstatement"
                if locked.kind == RenewalKind.REINSTATEMENT
                else f"renewal through {locked.period_end:%-d %B %Y}",
                "reason": text,
                "page": absolute_url("renewals:page"),
            },
            idempotency_key=f"renewal-sent-back:{locked.pk}",
        )
    audit.info("renewal %s sent back by %s", locked.pk, actor.pk)
    return locked


def logged_hours_provider_approve(
    *, hours: LoggedHours, actor: User, today: date, endorsement: Endorsement | None = None
) -> int:
    """Approve the provider of RS/C received (RULES-renewal.md 5.2): the entry and every other
    entry of the same person naming the same provider (as people write names) with the same
    endorsement, so one vetting covers them all. Returns how many entries changed: 0 when they
    were all approved already (nothing is written). The approval does not make the hours count
    by itself: the provider must also hold an endorsement of the category's list.

    The entries are read through the association's scope (another association's are not
    found); the event is linked to the person's submitted renewal whose period holds the
    entry, if any, so it shows in that renewal's history, and to `endorsement` when approved
    from a reactivation's page, so it shows in that endorsement's history."""
    with transaction.atomic():
        locked = LoggedHours.objects.select_for_update().get(pk=hours.pk)
        if locked.kind != EntryKind.RSC:
            raise DecisionRefused("these hours are training, not RS/C received")
        name = normalise_name(locked.provider_name)
        if not name:
            raise DecisionRefused("no provider is named on these hours")
        same = [
            entry
            for entry in LoggedHours.objects.select_for_update().filter(
                person_id=locked.person_id,
                kind=EntryKind.RSC,
                provider_endorsement=locked.provider_endorsement,
                provider_approved=False,
            )
            if normalise_name(entry.provider_name) == name
        ]
        if not same:
            return 0
        LoggedHours.objects.filter(pk__in=[entry.pk for entry in same]).update(
            provider_approved=True
        )
        renewal = Renewal.objects.filter(
            person_id=locked.person_id,
            state=RenewalState.SUBMITTED,
            period_start__lte=locked.on,
            period_end__gte=locked.on,
        ).first()
        RenewalEvent.objects.create(
            kind=EventKind.PROVIDER_APPROVED,
            person_id=locked.person_id,
            actor=actor,
            renewal=renewal,
            endorsement=endorsement,
            on=today,
            data={
                "provider": locked.provider_name,
                "endorsement": locked.provider_endorsement,
                "entries": sorted(entry.pk for entry in same),
            },
        )
    audit.info(
        "RS/C provider of logged hours %s approved by %s (%s entries)",
        ", ".join(str(entry.pk) for entry in same),
        actor.pk,
        len(same),
    )
    return len(same)
