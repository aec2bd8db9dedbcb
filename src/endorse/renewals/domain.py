"""Writes of renewal: hours logged through the year, a renewal submitted, a lapse recorded.

Each is atomic, validates before writing and records its `RenewalEvent` in the same
transaction (the audit trail), as the other apps' domain functions do."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from endorse.accounts.models import User
from endorse.applications.enums import PROVIDER_ENDORSEMENTS
from endorse.associations.models import current_association
from endorse.eligibility.renewal import RenewalResult
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue
from endorse.registry.models import Endorsement

from .enums import EntryKind, EventKind, FeeStatus, RenewalState
from .models import LoggedHours, Renewal, RenewalEvent
from .queries import Attestation, logged_hours, renewal_endorsements, renewal_evaluate

audit = logging.getLogger("endorse.audit")

MAX_HOURS = Decimal(100)
PROVIDER_ENDORSEMENT_CODES = tuple(code for code, _ in PROVIDER_ENDORSEMENTS)


class HoursRefused(ValueError):
    """Hours that cannot be logged; the message starts with the field's name."""


class RenewalRefused(Exception):
    """The renewal cannot be submitted; `reasons` say why, in the engine's words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def renewal_log_hours(
    *,
    person: User,
    kind: str,
    on: date,
    hours: Decimal,
    topic: str,
    today: date,
    dei: bool = False,
    rsc_provision: bool = False,
    provider_name: str = "",
    provider_endorsement: str = "",
) -> LoggedHours:
    """Log hours of training or of RS/C received, on the day they happened (not in the future,
    more than 0 and at most 100 hours an entry). RS/C received names its provider and the
    endorsement they hold (blank: none, or not known); the coordinator approves the provider
    (RULES-renewal.md 5.2)."""
    if kind not in EntryKind.values:
        raise HoursRefused(f"kind: not one of {', '.join(EntryKind.values)}")
    if on > today:
        raise HoursRefused("on: hours are logged once they happened, not in advance")
    if not Decimal(0) < hours <= MAX_HOURS:
        raise HoursRefused(f"hours: more than 0 and at most {MAX_HOURS}")
    if not topic.strip():
        raise HoursRefused("topic: say what it was about")
    if provider_endorsement and provider_endorsement not in PROVIDER_ENDORSEMENT_CODES:
        raise HoursRefused(
            f"provider_endorsement: not one of {', '.join(PROVIDER_ENDORSEMENT_CODES)}"
        )
    training = kind == EntryKind.TRAINING
    with transaction.atomic():
        entry = LoggedHours.objects.create(
            person=person,
            kind=kind,
            on=on,
            hours=hours,
            topic=topic.strip(),
            dei=dei and training,
            rsc_provision=rsc_provision and training,
            provider_name="" if training else provider_name.strip(),
            provider_endorsement="" if training else provider_endorsement,
        )
        RenewalEvent.objects.create(
            kind=EventKind.HOURS_LOGGED,
            person=person,
            actor=person,
            on=on,
            data={"entry": entry.pk, "kind": kind, "hours": str(hours)},
        )
    return entry


@dataclass(frozen=True, slots=True)
class Signed:
    """The re-signing and what the endorsee declares when submitting."""

    typed_name: str
    ethics_signed: bool
    no_sanction: bool
    membership_kind: str
    membership_id: str
    membership_expires_on: date | None
    fee_status: str

    def refused(self, *, person: User, fee: str = "fee") -> list[str]:
        """What is wrong with the signing itself (the box, the typed name, the fee's way),
        before the engine looks at anything; `fee` names the fee in the message."""
        reasons: list[str] = []
        if not self.ethics_signed:
            reasons.append("Re-sign the Code of Ethics: tick the box.")
        expected = (person.name or "").strip().casefold()
        typed = self.typed_name.strip()
        if not typed or (expected and typed.casefold() != expected):
            reasons.append(f"Type your name as on your account, {person.name}, to sign.")
        if self.fee_status == FeeStatus.UNPAID:
            reasons.append(f"Say how the {fee} is paid.")
        return reasons

    def attestation(self, today: date) -> Attestation:
        """What is signed, as the renewal file's attestation on `today`."""
        return Attestation(
            signed_on=today,
            no_sanction=self.no_sanction,
            membership_kind=self.membership_kind,
            membership_id=self.membership_id,
            membership_expires_on=self.membership_expires_on,
            fee_status=self.fee_status,
        )


def renewal_submit(*, person: User, signed: Signed, today: date, now: datetime) -> Renewal:
    """Submit the person's renewal of the endorsements that owe the current period: each is
    evaluated by the renewal engine from the logged hours and what is signed now, and the
    renewal is refused with the engine's reasons unless every requirement but the fee is met.
    The fee is recorded (to be paid online later, or paid another way as the coordinator marks)
    and checked when the renewal is accepted.

    RS/C received (RULES-renewal.md 5.2) counts only from a provider the coordinator approved,
    and the endorsee cannot approve their own: for this check, a provider named and awaiting
    approval is taken as approved, so the renewal goes in when RS/C would be met once the
    coordinator approves the providers named. The provider's endorsement is checked as recorded
    (one not on the category's list never counts), and the coordinator's acceptance evaluates
    the real approvals."""
    reasons = signed.refused(person=person)
    if reasons:
        raise RenewalRefused(reasons)
    with transaction.atomic():
        covered = renewal_endorsements(person=person, today=today)
        if not covered:
            raise RenewalRefused(["You hold no endorsement to renew in this association now."])
        period_start = covered[0][1].dates.period_start
        period_end = covered[0][1].dates.period_end
        if (
            Renewal.objects.select_for_update()
            .filter(person=person, period_end=period_end)
            .exclude(state=RenewalState.SENT_BACK)
            .exists()
        ):
            raise RenewalRefused([f"Your renewal through {period_end:%-d %B %Y} is already in."])
        attestation = signed.attestation(today)
        entries = logged_hours(person=person)
        results = []
        for endorsement, standing in covered:
            result = renewal_evaluate(
                endorsement=endorsement,
                standing=standing,
                entries=entries,
                today=today,
                attestation=attestation,
                awaiting_as_approved=True,
            )
            results.append(result)
            reasons.extend(_reasons(endorsement, result, several=len(covered) > 1))
        if reasons:
            raise RenewalRefused(reasons)
        renewal = Renewal.objects.create(
            person=person,
            period_start=period_start,
            period_end=period_end,
            attested_at=now,
            attested_name=signed.typed_name.strip(),
            no_sanction=signed.no_sanction,
            membership_kind=signed.membership_kind,
            membership_id=signed.membership_id.strip(),
            membership_expires_on=signed.membership_expires_on,
            fee_status=signed.fee_status,
            submitted_at=now,
        )
        renewal.endorsements.set([endorsement for endorsement, _ in covered])
        data = {
            "endorsements": [e.number for e, _ in covered],
            "overall": [r.overall for r in results],
            "late": any(r.late for r in results),
            "fee_status": signed.fee_status,
        }
        awaiting = [
            entry.pk
            for entry in entries
            if entry.awaiting_provider_approval and period_start <= entry.on <= period_end
        ]
        if awaiting:
            # Taken as approved for this check; the coordinator approves them before accepting.
            data["providers_awaiting_approval"] = awaiting
        RenewalEvent.objects.create(
            kind=EventKind.SUBMITTED,
            person=person,
            actor=person,
            renewal=renewal,
            on=today,
            data=data,
        )
    audit.info(
        "renewal %s submitted by person %s: %s",
        renewal.pk,
        person.pk,
        ", ".join(e.number for e, _ in covered),
    )
    return renewal


def _reasons(endorsement: Endorsement, result: RenewalResult, *, several: bool) -> list[str]:
    """What the engine says is missing, the fee aside (recorded, and checked on acceptance)."""
    prefix = f"{endorsement.number}: " if several else ""
    if result.overall == "too_early":
        opens = result.dates.window_opens_on
        return [f"{prefix}The renewal window opens on {opens:%-d %B %Y}."]
    if result.overall in ("lapsed", "inactive", "revoked"):
        return [f"{prefix}The endorsement is {result.overall}; it cannot be renewed."]
    reasons: list[str] = []
    for requirement in result.requirements:
        if requirement.id == "fee" or requirement.status in ("met", "not_required"):
            continue
        lines = list(requirement.missing) or [requirement.summary]
        reasons.extend(f"{prefix}{requirement.title}: {line}" for line in lines)
    return reasons


def renewal_record_lapses(*, today: date) -> int:
    """Record, once, each endorsement of the current association that lapsed on or before
    `today` and tell its holder by email (named after the association). Safe to run twice: the
    lapse event is unique per endorsement and lapse day, and the email's key is the same."""
    association = current_association()
    assert association is not None, "run inside an association's scope"
    recorded = 0
    candidates = (
        Endorsement.objects.filter(revoked_at__isnull=True)
        .select_related("association", "person")
        .prefetch_related("inactive_periods")
    )
    told = set(
        RenewalEvent.objects.filter(kind=EventKind.LAPSED).values_list("endorsement_id", "on")
    )
    for endorsement in candidates:
        standing = endorsement.standing_on(today)
        if standing.word != "lapsed" or standing.lapsed_on is None:
            continue
        if (endorsement.pk, standing.lapsed_on) in told:
            continue
        with transaction.atomic():
            _, created = RenewalEvent.objects.get_or_create(
                kind=EventKind.LAPSED,
                endorsement=endorsement,
                on=standing.lapsed_on,
                defaults={"person": endorsement.person},
            )
            if not created:
                continue
            recorded += 1
            if endorsement.person is not None:
                message_queue(
                    recipient=endorsement.person.email,
                    template="renewals/email/lapsed",
                    context={
                        "name": endorsement.name,
                        "association": association.name,
                        "number": endorsement.number,
                        "category": endorsement.category,
                        "deadline": f"{standing.dates.deadline:%-d %B %Y}",
                        "lapsed_on": f"{standing.lapsed_on:%-d %B %Y}",
                        # Lapsed at the end of an inactive period, not of a grace.
                        "inactive_since": f"{standing.inactive.start_on:%-d %B %Y}"
                        if standing.inactive is not None
                        else "",
                        "verify": absolute_url("registry:verify", number=endorsement.number),
                    },
                    idempotency_key=f"endorsement-lapsed:{endorsement.pk}:{standing.lapsed_on}",
                )
        audit.info(
            "endorsement %s lapsed on %s (recorded %s)",
            endorsement.number,
            standing.lapsed_on,
            today,
        )
    return recorded
