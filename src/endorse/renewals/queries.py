"""Reads for renewal: which endorsements a person renews together, the renewal file built from
their records, and the engine's evaluation of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from endorse.accounts.models import User
from endorse.applications.enums import Category
from endorse.eligibility.renewal import RenewalResult, evaluate_renewal
from endorse.eligibility.renewal_file import RENEWAL_FORMAT
from endorse.eligibility.renewal_parse import read_renewal
from endorse.eligibility.renewal_standing import Standing
from endorse.registry.models import Endorsement

from .enums import EntryKind, EventKind, RenewalState
from .models import LoggedHours, Renewal, RenewalEvent

# The registry records a category by its full name; the engine reads its id.
CATEGORY_IDS = {str(category.label): str(category.value) for category in Category}
# The standings a renewal is made in (RULES-renewal.md 5): not lapsed, inactive or revoked.
RENEWABLE = frozenset({"active", "renewal_due", "overdue"})


@dataclass(frozen=True, slots=True)
class Attestation:
    """What the endorsee signs and declares when submitting (None on the page before it)."""

    signed_on: date
    no_sanction: bool
    membership_kind: str
    membership_id: str
    membership_expires_on: date | None
    fee_status: str
    fee_paid_on: date | None = None


@dataclass(frozen=True, slots=True)
class Covered:
    endorsement: Endorsement
    standing: Standing
    result: RenewalResult
    # RS/C received is not met yet, and would be once the association approves the providers
    # named (the renewal can be submitted: see `renewal_submit`).
    awaiting_provider: bool = False


@dataclass(frozen=True, slots=True)
class RenewalOverview:
    """The endorsee's renewal page: the endorsements renewed together, each with the engine's
    evaluation of what is logged, the entries, and a renewal already submitted for the period."""

    held: list[tuple[Endorsement, Standing]]
    covered: list[Covered]
    entries: list[LoggedHours]
    submitted: Renewal | None
    # The last renewal for the period sent back (when none is in since), and why.
    sent_back: RenewalEvent | None = None

    @property
    def first(self) -> Covered | None:
        return self.covered[0] if self.covered else None


def held_endorsements(*, person: User, today: date) -> list[tuple[Endorsement, Standing]]:
    """The person's endorsements in this association with their standing on `today`."""
    return [
        (endorsement, endorsement.standing_on(today))
        for endorsement in Endorsement.objects.filter(person=person)
        .select_related("association")
        .prefetch_related("inactive_periods")
        .order_by("number")
    ]


def renewal_endorsements(
    *, person: User, today: date, held: list[tuple[Endorsement, Standing]] | None = None
) -> list[tuple[Endorsement, Standing]]:
    """The person's endorsements in this association renewed together on `today`: those in a
    renewable standing that owe the earliest period (one renewal covers several endorsements
    only when they owe the same period under the same policy)."""
    found = held if held is not None else held_endorsements(person=person, today=today)
    # A record carried over under a category the engine does not know is renewed by staff.
    renewable = [(e, s) for e, s in found if s.word in RENEWABLE and e.category in CATEGORY_IDS]
    if not renewable:
        return []
    earliest = min(s.dates.deadline for _, s in renewable)
    return [(e, s) for e, s in renewable if s.dates.deadline == earliest]


def logged_hours(*, person: User) -> list[LoggedHours]:
    return list(LoggedHours.objects.filter(person=person))


def entry_id(entry: LoggedHours) -> str:
    """The id of a logged entry in the renewal file (and in the engine's result)."""
    return f"h{entry.pk}"


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _entries(
    entries: Iterable[LoggedHours], *, awaiting_as_approved: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The trainings and RS/C entries of the renewal file. With `awaiting_as_approved`, a
    provider named and not yet approved is sent as approved (the check made when the endorsee
    submits, who cannot approve their own provider); the provider's endorsement is always the
    one recorded, so a provider without an endorsement of the category's list never counts
    (RULES-renewal.md 5.2)."""
    trainings, rsc = [], []
    for entry in entries:
        if entry.kind == EntryKind.TRAINING:
            topics = ["imh"] + (["dei"] if entry.dei else [])
            topics += ["rsc_provision"] if entry.rsc_provision else []
            trainings.append(
                {
                    "id": entry_id(entry),
                    "title": entry.topic,
                    "start_on": entry.on.isoformat(),
                    "hours": _number(entry.hours),
                    "relationship_based": True,
                    "topics": topics,
                }
            )
        else:
            rsc.append(
                {
                    "id": entry_id(entry),
                    "provider": {
                        "name": entry.provider_name or "not named",
                        "endorsement": entry.provider_endorsement or None,
                        "approved": entry.provider_approved
                        or (awaiting_as_approved and entry.awaiting_provider_approval),
                    },
                    "format": "individual",
                    "start_on": entry.on.isoformat(),
                    "hours": _number(entry.hours),
                }
            )
    return trainings, rsc


def renewal_file(
    *,
    endorsement: Endorsement,
    standing: Standing,
    entries: Iterable[LoggedHours],
    today: date,
    attestation: Attestation | None = None,
    awaiting_as_approved: bool = False,
) -> dict[str, Any]:
    """The `imh-renewal/1` file of one endorsement from the records (docs/renewal.md); with
    `awaiting_as_approved`, the RS/C providers awaiting approval are sent as approved."""
    policy = endorsement.association.renewal
    trainings, rsc = _entries(entries, awaiting_as_approved=awaiting_as_approved)
    data: dict[str, Any] = {
        "format": RENEWAL_FORMAT,
        "kind": "renewal",
        "as_of": today.isoformat(),
        "policy": policy.name,
        "endorsement": {
            "number": endorsement.number,
            "category": CATEGORY_IDS.get(endorsement.category, endorsement.category),
            "issued_on": endorsement.issued_on.isoformat(),
            "reinstated_on": _iso(endorsement.reinstated_on),
            "renewed_through": _iso(endorsement.renewed_through),
            "revoked_on": _iso(endorsement.for_engine().revoked_on),
            "inactive": [
                {"start_on": p.start_on.isoformat(), "reactivated_on": _iso(p.reactivated_on)}
                for p in endorsement.inactive_for_engine()
            ],
        },
        "period": {
            "start_on": standing.dates.period_start.isoformat(),
            "end_on": standing.dates.period_end.isoformat(),
        },
        "trainings": trainings,
        "rsc": rsc,
    }
    if attestation is not None:
        late = today > standing.dates.deadline
        amount = policy.fee.amount or Decimal(0)
        amount += policy.fee.late_fee if late else Decimal(0)
        data["ethics"] = {
            "signed_on": attestation.signed_on.isoformat(),
            "version": policy.ethics.version,
            "no_sanction": attestation.no_sanction,
        }
        data["membership"] = {
            "association": endorsement.association.short_name,
            "member_id": attestation.membership_id or None,
            "kind": attestation.membership_kind,
            "expires_on": _iso(attestation.membership_expires_on),
        }
        data["fee"] = {
            "paid_on": _iso(attestation.fee_paid_on),
            "amount": _number(amount),
            "payment_id": None,
        }
    return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def renewal_evaluate(
    *,
    endorsement: Endorsement,
    standing: Standing,
    entries: Iterable[LoggedHours],
    today: date,
    attestation: Attestation | None = None,
    awaiting_as_approved: bool = False,
) -> RenewalResult:
    """The engine's evaluation of the endorsement's renewal file on `today` (with
    `awaiting_as_approved`, as if the RS/C providers awaiting approval were approved)."""
    data = renewal_file(
        endorsement=endorsement,
        standing=standing,
        entries=entries,
        today=today,
        attestation=attestation,
        awaiting_as_approved=awaiting_as_approved,
    )
    policy = endorsement.association.renewal
    return evaluate_renewal(read_renewal(data, policy=policy, today=today))


def renewal_overview(*, person: User, today: date) -> RenewalOverview | None:
    """The renewal page's content, or None when the person holds no endorsement here."""
    held = held_endorsements(person=person, today=today)
    if not held:
        return None
    entries = logged_hours(person=person)
    covered = [
        _covered(endorsement, standing, entries, today)
        for endorsement, standing in renewal_endorsements(person=person, today=today, held=held)
    ]
    submitted = sent_back = None
    if covered:
        period_end = covered[0].standing.dates.period_end
        # The period's renewals, the latest first: one in, or the last sent back with its reason.
        latest = (
            Renewal.objects.filter(person=person, period_end=period_end)
            .order_by("-submitted_at", "-pk")
            .first()
        )
        if latest is not None and latest.state != RenewalState.SENT_BACK:
            submitted = latest
        elif latest is not None:
            sent_back = (
                RenewalEvent.objects.filter(kind=EventKind.SENT_BACK, renewal=latest)
                .select_related("renewal")
                .last()
            )
    return RenewalOverview(
        held=held, covered=covered, entries=entries, submitted=submitted, sent_back=sent_back
    )


def rsc_awaits_provider_approval(
    *,
    endorsement: Endorsement,
    standing: Standing,
    entries: list[LoggedHours],
    today: date,
    result: RenewalResult,
) -> bool:
    """True when RS/C received is not met in `result` and would be were the providers named
    and awaiting the association's approval approved."""
    if result.requirement("rsc").status != "not_met":
        return False
    if not any(entry.awaiting_provider_approval for entry in entries):
        return False
    assumed = renewal_evaluate(
        endorsement=endorsement,
        standing=standing,
        entries=entries,
        today=today,
        awaiting_as_approved=True,
    )
    return assumed.requirement("rsc").status == "met"


def _covered(
    endorsement: Endorsement, standing: Standing, entries: list[LoggedHours], today: date
) -> Covered:
    result = renewal_evaluate(
        endorsement=endorsement, standing=standing, entries=entries, today=today
    )
    awaiting = rsc_awaits_provider_approval(
        endorsement=endorsement, standing=standing, entries=entries, today=today, result=result
    )
    return Covered(endorsement, standing, result, awaiting_provider=awaiting)
