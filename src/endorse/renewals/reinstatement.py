"""Reinstatement after lapse (RULES-renewal.md 6; choices R18, R19, R33).

A holder whose endorsement has lapsed applies from the renewal page: the Code of Ethics
re-signed, the membership declared, how the reinstatement fee is paid. The submission is a
`Renewal` of kind `reinstatement` (one lapsed endorsement; `period_start` = `period_end` = its
lapse day `L`), refused with the engine's reasons unless every requirement but the references
and the fee is met. Under the policy's `references` model the endorsee then names raters, whose
requests go through the reference links of `endorse.references` (`Rater.reinstatement`): the
same email, link, form, confidentiality, reminders and decline as an application's. The engine
evaluates the `kind: reinstatement` file built from these records, on the day it is asked; the
coordinator records the payment and accepts once it says `reinstatable`: `reinstated_on` = the
decision date, which becomes the base date `B` (choice R19)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import Rater
from endorse.eligibility.renewal import RenewalResult, evaluate_renewal
from endorse.eligibility.renewal_parse import RenewalError, read_renewal
from endorse.eligibility.renewal_standing import Standing
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue
from endorse.references.domain import reference_request_send, reference_withdraw
from endorse.references.queries import rating_shown, request_view
from endorse.registry.models import Endorsement

from .domain import RenewalRefused, Signed, _reasons
from .enums import EventKind, RenewalKind, RenewalState
from .models import Renewal, RenewalEvent
from .queries import CATEGORY_IDS, Attestation, held_endorsements, logged_hours, renewal_file

audit = logging.getLogger("endorse.audit")

# What the endorsee may still be waiting for when submitting: the ratings and the payment.
LATER = frozenset({"references", "fee"})


class ReinstatementRefused(ValueError):
    """A reinstatement action that cannot be done; the message says why."""


def lapsed_endorsements(
    held: list[tuple[Endorsement, Standing]],
) -> list[tuple[Endorsement, Standing]]:
    """The person's endorsements that may be reinstated today: lapsed (RULES-renewal.md 6), of
    a category the engine knows."""
    return [(e, s) for e, s in held if s.word == "lapsed" and e.category in CATEGORY_IDS]


def _reference(rater: Rater) -> dict[str, Any]:
    """A rater as the renewal file's `references` entry (the portfolio's shape)."""
    return {
        "id": f"ref{rater.pk}",
        "name": rater.name,
        "email": rater.email or None,
        "role": rater.role,
        "status": rater.status if rater.withdrawn_at is None else "withdrawn",
        "completed_on": rater.completed_on.isoformat() if rater.completed_on else None,
        "known_years": _number(rater.known_years) if rater.known_years is not None else None,
        "not_enough_information": rater.not_enough_information,
        "vetted": rater.vetted,
        "endorsement": {
            "level": rater.endorsement_level,
            "verified": rater.endorsement_verified,
            "number": rater.endorsement_number or None,
        }
        if rater.endorsement_level
        else None,
    }


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def reinstatement_evaluate(
    *,
    endorsement: Endorsement,
    standing: Standing,
    entries: Any,
    raters: list[Rater],
    today: date,
    attestation: Attestation | None = None,
) -> RenewalResult:
    """The engine's evaluation of the endorsement's `kind: reinstatement` file on `today`: the
    entries since the lapse, the ratings, and (once submitted) what was signed and paid."""
    data = renewal_file(
        endorsement=endorsement,
        standing=standing,
        entries=entries,
        today=today,
        attestation=attestation,
    )
    policy = endorsement.association.renewal
    data["kind"] = "reinstatement"
    data["references"] = [_reference(r) for r in raters if r.withdrawn_at is None]
    if "fee" in data:
        data["fee"]["amount"] = _number(policy.reinstatement.fee or Decimal(0))
    return evaluate_renewal(read_renewal(data, policy=policy, today=today))


def _attestation(renewal: Renewal) -> Attestation:
    return Attestation(
        signed_on=timezone.localdate(renewal.submitted_at),
        no_sanction=renewal.no_sanction,
        membership_kind=renewal.membership_kind,
        membership_id=renewal.membership_id,
        membership_expires_on=renewal.membership_expires_on,
        fee_status=renewal.fee_status,
        fee_paid_on=renewal.fee_paid_on,
    )


@dataclass(frozen=True, slots=True)
class RaterProgress:
    """A rater of a reinstatement as its endorsee sees it: who, and where the request stands;
    never the rating's content."""

    rater: Rater
    state: str
    can_nudge: bool


@dataclass(frozen=True, slots=True)
class Reinstating:
    """A lapsed endorsement on the renewal page, or a reinstatement on the coordinator's: the
    engine's evaluation today, the reinstatement submitted (if any) and its raters."""

    endorsement: Endorsement
    standing: Standing
    result: RenewalResult | None
    refused: str
    submitted: Renewal | None
    raters: list[Rater]

    @property
    def progress(self) -> list[RaterProgress]:
        now = timezone.now()
        shown = [(r, request_view(r, now=now)) for r in self.raters if r.withdrawn_at is None]
        return [RaterProgress(r, view.state.label, view.can_nudge) for r, view in shown]

    @property
    def raters_shown(self) -> list[tuple[Rater, dict[str, Any] | None]]:
        """Each rater with their submitted rating in the wording it was answered under (as the
        application's file shows it), None before it is submitted."""
        shown: list[tuple[Rater, dict[str, Any] | None]] = []
        for rater in self.raters:
            rating = getattr(rater, "rating", None)
            if rating is None or rating.submitted_at is None:
                shown.append((rater, None))
            else:
                shown.append((rater, rating_shown(rating)))
        return shown

    @property
    def unmet(self) -> list[str]:
        """What the engine finds missing, the fee aside, one line per gap."""
        if self.result is None:
            return [f"the renewal engine cannot read it: {self.refused}"]
        return [
            f"{r.title}: {line}"
            for r in self.result.requirements
            if r.id != "fee" and r.status == "not_met"
            for line in (r.missing or [r.summary])
        ]


def _raters(renewal: Renewal | None) -> list[Rater]:
    if renewal is None:
        return []
    return list(Rater.objects.filter(reinstatement=renewal).select_related("rating__question_set"))


def _evaluate(
    endorsement: Endorsement, standing: Standing, renewal: Renewal | None, today: date
) -> Reinstating:
    raters = _raters(renewal)
    person = endorsement.person
    entries = logged_hours(person=person) if person is not None else []
    attestation = _attestation(renewal) if renewal is not None else None
    try:
        result = reinstatement_evaluate(
            endorsement=endorsement,
            standing=standing,
            entries=entries,
            raters=raters,
            today=today,
            attestation=attestation,
        )
    except RenewalError as error:
        return Reinstating(endorsement, standing, None, str(error), renewal, raters)
    return Reinstating(endorsement, standing, result, "", renewal, raters)


def open_reinstatement(*, endorsement: Endorsement) -> Renewal | None:
    return (
        Renewal.objects.filter(
            kind=RenewalKind.REINSTATEMENT,
            endorsements=endorsement,
            state=RenewalState.SUBMITTED,
        )
        .select_related("association", "person")
        .first()
    )


def reinstatement_overview(
    *, held: list[tuple[Endorsement, Standing]], today: date
) -> list[Reinstating]:
    """The person's lapsed endorsements, each with the engine's evaluation of a reinstatement
    today and the reinstatement submitted for it."""
    return [
        _evaluate(e, s, open_reinstatement(endorsement=e), today)
        for e, s in lapsed_endorsements(held)
    ]


def reinstatement_submit(*, person: User, signed: Signed, today: date, now: datetime) -> Renewal:
    """Apply for the reinstatement of the person's first lapsed endorsement here (by number):
    evaluated by the engine, and refused with its reasons unless every requirement but the
    references (asked next, through the rating links) and the fee is met."""
    reasons = signed.refused(person=person, fee="reinstatement fee")
    if reasons:
        raise RenewalRefused(reasons)
    with transaction.atomic():
        lapsed = lapsed_endorsements(held_endorsements(person=person, today=today))
        if not lapsed:
            raise RenewalRefused(["You hold no lapsed endorsement to reinstate here."])
        endorsement, standing = lapsed[0]
        assert standing.lapsed_on is not None
        if open_reinstatement(endorsement=endorsement) is not None:
            raise RenewalRefused(["Your reinstatement is already in."])
        attestation = signed.attestation(today)
        result = reinstatement_evaluate(
            endorsement=endorsement,
            standing=standing,
            entries=logged_hours(person=person),
            raters=[],
            today=today,
            attestation=attestation,
        )
        reasons = [
            line
            for line in _reasons(endorsement, result, several=False)
            if not any(line.startswith(f"{r.title}:") for r in result.requirements if r.id in LATER)
        ]
        if reasons:
            raise RenewalRefused(reasons)
        renewal = Renewal.objects.create(
            kind=RenewalKind.REINSTATEMENT,
            person=person,
            period_start=standing.lapsed_on,
            period_end=standing.lapsed_on,
            attested_at=now,
            attested_name=signed.typed_name.strip(),
            no_sanction=signed.no_sanction,
            membership_kind=signed.membership_kind,
            membership_id=signed.membership_id.strip(),
            membership_expires_on=signed.membership_expires_on,
            fee_status=signed.fee_status,
            submitted_at=now,
        )
        renewal.endorsements.set([endorsement])
        RenewalEvent.objects.create(
            kind=EventKind.REINSTATEMENT_SUBMITTED,
            person=person,
            actor=person,
            renewal=renewal,
            endorsement=endorsement,
            on=today,
            data={
                "endorsement": endorsement.number,
                "lapsed_on": standing.lapsed_on.isoformat(),
                "fee_status": signed.fee_status,
            },
        )
    audit.info("reinstatement %s of %s submitted by %s", renewal.pk, endorsement.number, person.pk)
    return renewal


@dataclass(frozen=True, slots=True)
class NamedRater:
    """A rater the endorsee names for their reinstatement."""

    name: str
    email: str
    role: str
    capacity: str = ""


def reinstatement_rater_add(
    *, reinstatement: Renewal, person: User, named: NamedRater, now: datetime
) -> Rater:
    """Name a rater for a submitted reinstatement and send the request through the reference
    links (`references.domain.reference_request_send`: the same email, link and form as an
    application's). Refused on another person's or a decided reinstatement, or for an email
    already asked."""
    if reinstatement.person_id != person.pk:
        raise ReinstatementRefused("This is not your reinstatement.")
    if reinstatement.kind != RenewalKind.REINSTATEMENT:
        raise ReinstatementRefused("Raters are named for a reinstatement only.")
    if reinstatement.state != RenewalState.SUBMITTED:
        raise ReinstatementRefused("This reinstatement is decided: no rater can be added.")
    email = named.email.strip()
    if not named.name.strip() or not email:
        raise ReinstatementRefused("Give the rater's name and email address.")
    if email.casefold() == person.email.casefold():
        raise ReinstatementRefused("A rater cannot be yourself.")
    taken = Rater.objects.filter(
        reinstatement=reinstatement, email__iexact=email, withdrawn_at__isnull=True
    )
    with transaction.atomic():
        if taken.exists():
            raise ReinstatementRefused("This rater is already asked.")
        rater = Rater.objects.create(
            association_id=reinstatement.association_id,
            reinstatement=reinstatement,
            name=named.name.strip(),
            email=email,
            role=named.role,
            capacity=named.capacity.strip(),
        )
        return reference_request_send(rater=rater, actor=person, now=now)


def reinstatement_rater_withdraw(
    *, reinstatement: Renewal, rater: Rater, person: User, now: datetime
) -> Rater:
    """Withdraw the request to a rater of a submitted reinstatement who has not rated
    (`references.domain.reference_withdraw`: the rater is told, as for an application); the
    endorsee names another with `reinstatement_rater_add`. Refused on another person's or a
    decided reinstatement, and once the rater has rated."""
    if reinstatement.person_id != person.pk or rater.reinstatement_id != reinstatement.pk:
        raise ReinstatementRefused("This is not your reinstatement.")
    if reinstatement.state != RenewalState.SUBMITTED:
        raise ReinstatementRefused("This reinstatement is decided: no rater can be withdrawn.")
    if rater.withdrawn_at is not None:
        raise ReinstatementRefused(f"The request to {rater.name} is withdrawn already.")
    if rater.completed_on is not None:
        raise ReinstatementRefused(f"{rater.name} has rated: a completed rating stays.")
    return reference_withdraw(rater=rater, actor=person, now=now)


def reinstatement_file(renewal: Renewal, *, today: date) -> Reinstating:
    """A submitted reinstatement on the coordinator's page: the engine's evaluation on `today`
    (ratings arrive after the submission; the signing counts from its day)."""
    endorsement = renewal.endorsements.select_related("association", "person").get()
    standing = endorsement.standing_on(today)
    if renewal.state != RenewalState.SUBMITTED:
        # Decided: an accepted one has moved `reinstated_on` (the standing is no longer lapsed),
        # so it is shown from its events, without a new evaluation.
        return Reinstating(endorsement, standing, None, "", renewal, _raters(renewal))
    return _evaluate(endorsement, standing, renewal, today)


def reinstatement_accept(*, renewal: Renewal, actor: User, today: date, now: datetime) -> Renewal:
    """Accept a submitted reinstatement once the engine says `reinstatable` on `today`:
    `reinstated_on` = `today` (choice R19), so the endorsement's standing is computed from
    it and it returns to the registry. The endorsee is emailed. The caller holds the row
    locked and has recorded the payment (`domain_staff.renewal_accept`)."""
    found = reinstatement_file(renewal, today=today)
    if found.result is None or found.unmet:
        raise ReinstatementRefused("; ".join(found.unmet))
    if found.result.overall != "reinstatable":
        raise ReinstatementRefused(
            f"the engine's verdict is {found.result.overall.replace('_', ' ')}"
        )
    endorsement = found.endorsement
    if endorsement.revoked_at is not None:
        raise ReinstatementRefused(f"{endorsement.number} was revoked")
    Endorsement.objects.filter(pk=endorsement.pk).update(reinstated_on=today)
    renewal.state = RenewalState.ACCEPTED
    renewal.decided_at = now
    renewal.decided_by = actor
    renewal.save(update_fields=["state", "decided_at", "decided_by"])
    RenewalEvent.objects.create(
        kind=EventKind.REINSTATED,
        person=renewal.person,
        actor=actor,
        renewal=renewal,
        endorsement=endorsement,
        on=today,
        data={"endorsement": endorsement.number, "reinstated_on": today.isoformat()},
    )
    deadline = Endorsement.objects.get(pk=endorsement.pk).standing_on(today).dates.deadline
    message_queue(
        recipient=renewal.person.email,
        template="renewals/email/reinstated",
        context={
            "name": renewal.person.name or renewal.person.email,
            "number": endorsement.number,
            "reinstated_on": f"{today:%-d %B %Y}",
            "deadline": f"{deadline:%-d %B %Y}",
            "page": absolute_url("renewals:page"),
        },
        idempotency_key=f"reinstatement-accepted:{renewal.pk}",
    )
    audit.info("endorsement %s reinstated on %s by %s", endorsement.number, today, actor.pk)
    return renewal
