"""Inactive status and reactivation (RULES-renewal.md 7; choices R20, R27, R30, R34).

The holder asks for inactive status from the renewal page while the standing allows it
(`active`, `renewal_due` or `overdue`, RULES-renewal.md 4); the coordinator records it (granting
the request, or from the endorsement's staff page) under the same rule: an `InactivePeriod`
starts that day, the standing then reads `inactive` (no deadline runs, not listed, no
reminders) and, after the policy's longest time, `lapsed`. To come back, the holder submits a
reactivation: the engine evaluates the `kind: reactivation` file (a one-year look-back, ethics
signed since the period began, the reactivation fee) and refuses it with its reasons unless
every requirement but the fee is met. A coordinator accepting it ends the period on the
decision date, which becomes the new base date `B` (choice R19)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from endorse.accounts.models import User
from endorse.eligibility.calendar import add_years
from endorse.eligibility.renewal import RenewalResult, evaluate_renewal
from endorse.eligibility.renewal_parse import RenewalError, read_renewal
from endorse.eligibility.renewal_standing import Standing
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue
from endorse.registry.models import Endorsement

from .domain import RenewalRefused, Signed, _reasons
from .domain_staff import DecisionRefused, Payment, payment_note
from .enums import EventKind, InactiveReason, InactiveRequestState
from .models import InactivePeriod, InactiveRequest, RenewalEvent
from .queries import CATEGORY_IDS, Attestation, held_endorsements, logged_hours, renewal_file
from .queries_staff import RscLine, rsc_lines

audit = logging.getLogger("endorse.audit")


class InactiveRefused(ValueError):
    """Inactive status or a reactivation that cannot be recorded; the message says why."""


@dataclass(frozen=True, slots=True)
class Inactive:
    """An inactive endorsement on the renewal page: its open period and what the engine says
    a reactivation submitted today needs."""

    endorsement: Endorsement
    standing: Standing
    period: InactivePeriod
    result: RenewalResult

    @property
    def lapses_on(self) -> date:
        """`L`: the period's start plus the policy's longest time (RULES-renewal.md 4.2)."""
        longest = self.endorsement.association.renewal.inactive.longest_years
        return add_years(self.period.start_on, longest)


def may_step_back(held: list[tuple[Endorsement, Standing]]) -> list[Endorsement]:
    """The endorsements inactive status may start for today (RULES-renewal.md 4)."""
    return [endorsement for endorsement, standing in held if standing.may_record_inactive]


def inactive_request(*, person: User, reason: str, today: date) -> list[InactiveRequest]:
    """Ask for inactive status for each of the person's endorsements here whose standing
    allows it today; the coordinator grants it (`inactive_record`). Refused when none does, or
    when each such endorsement has a request waiting already."""
    if reason not in InactiveReason.values:
        raise InactiveRefused(f"reason: not one of {', '.join(InactiveReason.values)}")
    with transaction.atomic():
        endorsements = may_step_back(held_endorsements(person=person, today=today))
        if not endorsements:
            raise InactiveRefused(
                "Inactive status starts only while an endorsement is active, due for renewal "
                "or overdue."
            )
        waiting = set(
            InactiveRequest.objects.filter(
                endorsement__in=endorsements, state=InactiveRequestState.REQUESTED
            ).values_list("endorsement_id", flat=True)
        )
        asked = [
            InactiveRequest.objects.create(
                endorsement=e, person=person, reason=reason, requested_on=today
            )
            for e in Endorsement.objects.select_for_update().filter(
                pk__in=[e.pk for e in endorsements if e.pk not in waiting]
            )
        ]
        if not asked:
            raise InactiveRefused("Your request for inactive status is already in.")
        RenewalEvent.objects.create(
            kind=EventKind.INACTIVE_REQUESTED,
            person=person,
            actor=person,
            on=today,
            data={"endorsements": [r.endorsement.number for r in asked], "reason": reason},
        )
    audit.info(
        "inactive status asked on %s for %s (person %s)",
        today,
        ", ".join(r.endorsement.number for r in asked),
        person.pk,
    )
    return asked


MAX_REASON = 2000


def inactive_request_refuse(
    *, request: InactiveRequest, reason: str, actor: User, today: date
) -> InactiveRequest:
    """The coordinator refuses a waiting request for inactive status, saying why: the holder is
    emailed the reason and reads it on the renewal page; the endorsement stays as it is."""
    text = reason.strip()
    if not text:
        raise InactiveRefused("Say why it is refused: the holder reads it.")
    if len(text) > MAX_REASON:
        raise InactiveRefused(f"The reason is at most {MAX_REASON} characters.")
    with transaction.atomic():
        locked = (
            InactiveRequest.objects.select_for_update(of=("self",))
            .select_related("endorsement", "person")
            .get(pk=request.pk)
        )
        if locked.state != InactiveRequestState.REQUESTED:
            raise InactiveRefused(f"This request is {locked.get_state_display().lower()} already.")
        locked.state = InactiveRequestState.REFUSED
        locked.decided_on = today
        locked.decided_by = actor
        locked.refused_reason = text
        locked.save(update_fields=["state", "decided_on", "decided_by", "refused_reason"])
        RenewalEvent.objects.create(
            kind=EventKind.INACTIVE_REFUSED,
            person=locked.person,
            actor=actor,
            endorsement=locked.endorsement,
            on=today,
            data={"endorsements": [locked.endorsement.number], "reason": text},
        )
        message_queue(
            recipient=locked.person.email,
            template="renewals/email/inactive_refused",
            context={
                "name": locked.person.name or locked.person.email,
                "number": locked.endorsement.number,
                "reason": text,
                "page": absolute_url("renewals:page"),
            },
            idempotency_key=f"inactive-refused:{locked.pk}",
        )
    audit.info("inactive request %s refused by %s", locked.pk, actor.pk)
    return locked


@dataclass(frozen=True, slots=True)
class InactiveAsked:
    """The person's requests for inactive status on the renewal page, read in one query: those
    waiting for the coordinator, and those refused, each the last request for its endorsement
    (a refusal asked again since is not shown)."""

    waiting: list[InactiveRequest]
    refused: list[InactiveRequest]


def inactive_asked(*, person: User) -> InactiveAsked:
    last: dict[int, InactiveRequest] = {}
    for found in InactiveRequest.objects.filter(person=person).select_related("endorsement"):
        last[found.endorsement_id] = found
    return InactiveAsked(
        waiting=[r for r in last.values() if r.state == InactiveRequestState.REQUESTED],
        refused=[r for r in last.values() if r.state == InactiveRequestState.REFUSED],
    )


def inactive_open_request(*, endorsement: Endorsement) -> InactiveRequest | None:
    return InactiveRequest.objects.filter(
        endorsement=endorsement, state=InactiveRequestState.REQUESTED
    ).first()


def inactive_record(
    *, endorsement: Endorsement, reason: str, actor: User, today: date
) -> InactivePeriod:
    """The coordinator records an inactive period from today (RULES-renewal.md 7), granting
    the holder's request when one waits. Refused unless the standing today is `active`,
    `renewal_due` or `overdue` (RULES-renewal.md 4: the registry's rule, section 2)."""
    if reason not in InactiveReason.values:
        raise InactiveRefused(f"reason: not one of {', '.join(InactiveReason.values)}")
    with transaction.atomic():
        locked = (
            Endorsement.objects.select_for_update(of=("self",))
            .select_related("association", "person")
            .get(pk=endorsement.pk)
        )
        standing = locked.standing_on(today)
        if not standing.may_record_inactive:
            raise InactiveRefused(
                f"The endorsement is {standing.word.replace('_', ' ')}: inactive status is "
                "recorded only while it is active, due for renewal or overdue."
            )
        period = InactivePeriod.objects.create(endorsement=locked, start_on=today, reason=reason)
        granted = InactiveRequest.objects.filter(
            endorsement=locked, state=InactiveRequestState.REQUESTED
        ).update(
            state=InactiveRequestState.GRANTED, decided_on=today, decided_by=actor, period=period
        )
        RenewalEvent.objects.create(
            kind=EventKind.INACTIVE,
            person=locked.person,
            actor=actor,
            endorsement=locked,
            on=today,
            data={"endorsements": [locked.number], "reason": reason, "request": bool(granted)},
        )
    audit.info("inactive status from %s for %s recorded by %s", today, locked.number, actor.pk)
    return period


def reactivation_evaluate(
    *,
    endorsement: Endorsement,
    standing: Standing,
    entries: Any,
    today: date,
    attestation: Attestation | None = None,
    awaiting_as_approved: bool = False,
) -> RenewalResult:
    """The engine's evaluation of the endorsement's reactivation file on `today`; with
    `awaiting_as_approved`, the RS/C providers awaiting approval are sent as approved."""
    data = renewal_file(
        endorsement=endorsement,
        standing=standing,
        entries=entries,
        today=today,
        attestation=attestation,
        awaiting_as_approved=awaiting_as_approved,
    )
    policy = endorsement.association.renewal
    data["kind"] = "reactivation"
    if "fee" in data:
        fee = policy.inactive.reactivation_fee or Decimal(0)
        data["fee"]["amount"] = int(fee) if fee == fee.to_integral_value() else fee
    return evaluate_renewal(read_renewal(data, policy=policy, today=today))


def inactive_overview(
    *, person: User, held: list[tuple[Endorsement, Standing]], today: date
) -> list[Inactive]:
    """The person's inactive endorsements, each with what its reactivation needs today."""
    inactive = [
        (e, s)
        for e, s in held
        if s.word == "inactive" and s.inactive is not None and e.category in CATEGORY_IDS
    ]
    if not inactive:
        return []
    periods = {
        p.endorsement_id: p
        for p in InactivePeriod.objects.filter(
            endorsement__in=[e for e, _ in inactive], reactivated_on__isnull=True
        )
    }
    entries = logged_hours(person=person)
    return [
        Inactive(
            e,
            s,
            periods[e.pk],
            reactivation_evaluate(endorsement=e, standing=s, entries=entries, today=today),
        )
        for e, s in inactive
        if e.pk in periods
    ]


def inactive_reactivation_submit(
    *, person: User, signed: Signed, today: date
) -> list[InactivePeriod]:
    """Submit the reactivation of the person's inactive endorsements here: each is evaluated
    by the engine (`kind: reactivation`) and the submission refused with its reasons unless
    every requirement but the fee is met. What is signed is recorded on the open period for
    the coordinator, who accepts it.

    RS/C received is checked as `renewal_submit` checks it: a provider named and awaiting the
    coordinator's approval is taken as approved, and the coordinator approves the providers on
    the reactivation's page; the acceptance evaluates the real approvals."""
    reasons = signed.refused(person=person, fee="reactivation fee")
    if reasons:
        raise RenewalRefused(reasons)
    attestation = signed.attestation(today)
    with transaction.atomic():
        found = inactive_overview(
            person=person, held=held_endorsements(person=person, today=today), today=today
        )
        if not found:
            raise RenewalRefused(["You hold no inactive endorsement to reactivate here."])
        if any(item.period.reactivation_submitted_on is not None for item in found):
            raise RenewalRefused(["Your reactivation is already in."])
        entries = logged_hours(person=person)
        awaiting: set[int] = set()
        for item in found:
            result = reactivation_evaluate(
                endorsement=item.endorsement,
                standing=item.standing,
                entries=entries,
                today=today,
                attestation=attestation,
                awaiting_as_approved=True,
            )
            reasons.extend(_reasons(item.endorsement, result, several=len(found) > 1))
            if result.evaluation_period is not None:
                start, end = result.evaluation_period
                awaiting.update(
                    entry.pk
                    for entry in entries
                    if entry.awaiting_provider_approval and start <= entry.on <= end
                )
        if reasons:
            raise RenewalRefused(reasons)
        periods = [item.period for item in found]
        for period in periods:
            period.reactivation_submitted_on = today
            period.reactivation_signed_name = signed.typed_name.strip()
            period.reactivation_no_sanction = signed.no_sanction
            period.reactivation_membership_kind = signed.membership_kind
            period.reactivation_membership_id = signed.membership_id.strip()
            period.reactivation_membership_expires_on = signed.membership_expires_on
            period.reactivation_fee_status = signed.fee_status
            period.save()
        RenewalEvent.objects.create(
            kind=EventKind.REACTIVATION_SUBMITTED,
            person=person,
            actor=person,
            on=today,
            data={
                "endorsements": [item.endorsement.number for item in found],
                "fee_status": signed.fee_status,
            }
            # Taken as approved for this check; the coordinator approves them before accepting.
            | ({"providers_awaiting_approval": sorted(awaiting)} if awaiting else {}),
        )
    audit.info("reactivation submitted by person %s", person.pk)
    return periods


def reactivation_fee_due(period: InactivePeriod) -> Decimal | None:
    """The policy's reactivation fee (RULES-renewal.md 7, choice R20), never late: None under
    "any amount" (a payment of any amount counts), 0 when none is owed."""
    return period.endorsement.association.renewal.inactive.reactivation_fee


def _locked_submitted(period: InactivePeriod) -> InactivePeriod:
    locked = (
        InactivePeriod.objects.select_for_update(of=("self",))
        .select_related("endorsement__association", "endorsement__person")
        .get(pk=period.pk)
    )
    if locked.reactivated_on is not None:
        raise InactiveRefused("This inactive period has ended already.")
    if locked.reactivation_submitted_on is None:
        raise InactiveRefused("No reactivation has been submitted for this period.")
    return locked


def inactive_reactivation_record_payment(
    *, period: InactivePeriod, payment: Payment, actor: User, today: date
) -> InactivePeriod:
    """Record that the reactivation fee of a submitted reactivation is paid: the amount is the
    policy's reactivation fee (0 under "any amount"), computed, never typed."""
    try:
        note = payment_note(payment)
    except DecisionRefused as refused:
        raise InactiveRefused(str(refused)) from None
    with transaction.atomic():
        locked = _locked_submitted(period)
        due = reactivation_fee_due(locked)
        if due == 0:
            raise InactiveRefused("No reactivation fee is owed under this association's policy.")
        if locked.reactivation_fee_paid_on is not None:
            raise InactiveRefused(
                f"The payment was already recorded on {locked.reactivation_fee_paid_on}."
            )
        amount = due if due is not None else Decimal(0)
        locked.reactivation_fee_status = payment.method
        locked.reactivation_fee_paid_on = today
        locked.reactivation_fee_paid_amount = amount
        locked.reactivation_fee_marked_by = actor
        locked.reactivation_fee_note = note
        locked.save(
            update_fields=[
                "reactivation_fee_status",
                "reactivation_fee_paid_on",
                "reactivation_fee_paid_amount",
                "reactivation_fee_marked_by",
                "reactivation_fee_note",
            ]
        )
        RenewalEvent.objects.create(
            kind=EventKind.PAYMENT_RECORDED,
            person=locked.endorsement.person,
            actor=actor,
            endorsement=locked.endorsement,
            on=today,
            data={
                "period": locked.pk,
                "amount": str(amount),
                "method": payment.method,
                "note": note,
            },
        )
    audit.info("reactivation %s: payment recorded by %s", locked.pk, actor.pk)
    return locked


def inactive_reactivation_accept(
    *, period: InactivePeriod, actor: User, today: date
) -> InactivePeriod:
    """A coordinator accepts the reactivation submitted for this period: it ends today, which
    becomes the base date `B` (choice R19). Refused unless a reactivation is in and the
    standing today is still `inactive` (after the longest time it is `lapsed`), and, as a
    renewal is, while the engine re-evaluating the file (the hours and provider approvals as
    they are now) finds the reactivation fee unpaid or a requirement unmet. A declared sanction
    is the coordinator's to decide: accepting decides it."""
    with transaction.atomic():
        period = _locked_submitted(period)
        standing = period.endorsement.standing_on(today)
        if standing.word != "inactive":
            raise InactiveRefused(f"The endorsement is {standing.word}: it cannot be reactivated.")
        found = reactivation_file(period, events=False)
        if found.result is None:
            raise InactiveRefused(f"The renewal engine cannot read this file: {found.refused}")
        fee = found.result.requirement("fee")
        if fee.status == "not_met":
            raise InactiveRefused("The reactivation fee is not paid: record the payment first.")
        if found.unmet:
            raise InactiveRefused("; ".join(found.unmet))
        period.reactivated_on = today
        period.reactivated_by = actor
        period.save(update_fields=["reactivated_on", "reactivated_by"])
        RenewalEvent.objects.create(
            kind=EventKind.REACTIVATED,
            person=period.endorsement.person,
            actor=actor,
            endorsement=period.endorsement,
            on=today,
            data={"period": period.pk, "start_on": period.start_on.isoformat()},
        )
    audit.info("endorsement %s reactivated on %s by %s", period.endorsement.number, today, actor.pk)
    return period


@dataclass(frozen=True, slots=True)
class ReactivationFile:
    """A submitted reactivation on the coordinator's screen: the engine's evaluation of the
    `kind: reactivation` file on the day it was submitted (`result` None when the engine refused
    to read it, `refused` saying why) and the renewal events of the endorsement."""

    period: InactivePeriod
    standing: Standing
    result: RenewalResult | None
    refused: str
    events: list[RenewalEvent]
    # The RS/C received logged in the evaluation period, with the engine's reasons.
    rsc: list[RscLine]

    @property
    def fee_due(self) -> Decimal | None:
        return reactivation_fee_due(self.period)

    @property
    def fee_to_record(self) -> bool:
        """A reactivation fee is owed and its payment not recorded yet."""
        return self.fee_due != 0 and self.period.reactivation_fee_paid_on is None

    @property
    def unmet(self) -> list[str]:
        """What the engine finds missing, the fee aside, one line per gap."""
        if self.result is None:
            return []
        return [
            f"{r.title}: {m}"
            for r in self.result.requirements
            if r.id != "fee" and r.status == "not_met"
            for m in (r.missing or [r.summary])
        ]


def reactivations_submitted() -> Any:
    return InactivePeriod.objects.filter(reactivation_submitted_on__isnull=False).select_related(
        "endorsement__association", "endorsement__person", "reactivated_by"
    )


def reactivation_file(period: InactivePeriod, *, events: bool = True) -> ReactivationFile:
    """The reactivation as the engine reads it on the day it was submitted, with the hours and
    provider approvals as they are now and a payment recorded since counted as made with the
    submission (as a renewal's file is)."""
    on = period.reactivation_submitted_on
    assert on is not None, "only a submitted reactivation has a file"
    endorsement = period.endorsement
    standing = endorsement.standing_on(on)
    attestation = Attestation(
        signed_on=on,
        no_sanction=period.reactivation_no_sanction,
        membership_kind=period.reactivation_membership_kind,
        membership_id=period.reactivation_membership_id,
        membership_expires_on=period.reactivation_membership_expires_on,
        fee_status=period.reactivation_fee_status,
        fee_paid_on=on if period.reactivation_fee_paid_on is not None else None,
    )
    entries = logged_hours(person=endorsement.person) if endorsement.person else []
    result, refused = None, ""
    try:
        result = reactivation_evaluate(
            endorsement=endorsement,
            standing=standing,
            entries=entries,
            today=on,
            attestation=attestation,
        )
    except RenewalError as error:
        refused = str(error)
    found = (
        list(RenewalEvent.objects.filter(endorsement=endorsement).select_related("actor"))
        if events
        else []
    )
    rsc = []
    if result is not None and result.evaluation_period is not None:
        start, end = result.evaluation_period
        rsc = rsc_lines(list(entries), [result], start=start, end=end)
    return ReactivationFile(period, standing, result, refused, found, rsc)
