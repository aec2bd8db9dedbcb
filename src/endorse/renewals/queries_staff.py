"""Reads for the coordinator's renewal queue: the association's endorsements by their computed
standing (renewal due, submitted, overdue, lapsed), a renewal's file as the engine evaluates it,
the fee it owes, and which renewals are straightforward enough to accept in bulk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from endorse.accounts.search import people_matching
from endorse.applications.enums import Category
from endorse.eligibility.renewal import RenewalResult
from endorse.eligibility.renewal_parse import RenewalError
from endorse.eligibility.renewal_standing import Standing
from endorse.keyset import Page, list_page
from endorse.registry.models import Endorsement

from .enums import EntryKind, FeeStatus, InactiveRequestState, RenewalKind, RenewalState
from .models import InactivePeriod, InactiveRequest, LoggedHours, Renewal, RenewalEvent
from .queries import Attestation, entry_id, logged_hours, renewal_evaluate

# The queue's tabs, in the order shown.
TABS = (
    ("due", "Renewal due"),
    ("submitted", "Submitted"),
    ("overdue", "Overdue"),
    ("lapsed", "Lapsed"),
    ("reinstatement", "Reinstatement submitted"),
    ("inactive_asked", "Inactive status asked"),
    ("reactivation", "Reactivation submitted"),
)
# The standing that puts an endorsement without a submitted renewal in a tab.
TAB_OF_STANDING = {"renewal_due": "due", "overdue": "overdue", "lapsed": "lapsed"}
SORTS = ("deadline", "name", "number", "submitted")
PAGE_SIZE = 50


@dataclass(frozen=True)
class RenewalFilter:
    tab: str = ""  # "" is every tab
    category: str = ""  # the category's full name, as the registry records it
    q: str = ""
    sort: str = "deadline"


@dataclass(frozen=True)
class Row:
    """One endorsement in the queue: its standing today and the submitted renewal covering it."""

    endorsement: Endorsement
    standing: Standing
    tab: str
    renewal: Renewal | None
    # The open inactive period with a reactivation submitted, or the holder's waiting request
    # for inactive status (RULES-renewal.md 7), when the row is in their tab.
    period: InactivePeriod | None = None
    inactive_request: InactiveRequest | None = None

    @property
    def holder_name(self) -> str:
        person = self.endorsement.person
        return self.endorsement.name or (person.name if person else "")

    @property
    def email(self) -> str:
        return self.endorsement.person.email if self.endorsement.person else ""


def queue_rows(*, today: date) -> list[Row]:
    """Every endorsement of the association in one of the tabs, in five queries whatever their
    number: the endorsements and their inactive periods (standing is computed from their dates),
    the submitted renewals with the endorsements each covers, and the waiting requests for
    inactive status. A submitted renewal comes first, then a submitted reactivation, then a
    request for inactive status, then the standing."""
    renewals = {r.pk: r for r in Renewal.objects.filter(state=RenewalState.SUBMITTED)}
    covering = {
        endorsement_pk: renewals[renewal_pk]
        for renewal_pk, endorsement_pk in Renewal.objects.filter(
            state=RenewalState.SUBMITTED
        ).values_list("pk", "endorsements__pk")
        if endorsement_pk is not None and renewal_pk in renewals
    }
    asked = {
        request.endorsement_id: request
        for request in InactiveRequest.objects.filter(state=InactiveRequestState.REQUESTED)
    }
    rows = []
    for endorsement in (
        Endorsement.objects.filter(revoked_at__isnull=True)
        .select_related("association", "person")
        .prefetch_related("inactive_periods")
    ):
        renewal = covering.get(endorsement.pk)
        standing = endorsement.standing_on(today)
        reactivation = next(
            (
                p
                for p in endorsement.inactive_periods.all()
                if p.reactivated_on is None and p.reactivation_submitted_on is not None
            ),
            None,
        )
        request = asked.get(endorsement.pk)
        if renewal is not None:
            tab = "reinstatement" if renewal.kind == RenewalKind.REINSTATEMENT else "submitted"
        elif reactivation is not None and standing.word == "inactive":
            tab = "reactivation"
        elif request is not None:
            tab = "inactive_asked"
        else:
            tab = TAB_OF_STANDING.get(standing.word, "")
        if tab:
            rows.append(Row(endorsement, standing, tab, renewal, reactivation, request))
    return rows


def counts_by_tab(rows: list[Row]) -> dict[str, int]:
    return {tab: sum(1 for row in rows if row.tab == tab) for tab, _ in TABS}


def _matches(row: Row, text: str, people: set[int]) -> bool:
    """The holder is one of `people` (found by name or email), or the name on the record
    contains `text` (a record carried over may have no account), or its number is `text`."""
    return (
        row.endorsement.person_id in people
        or text.casefold() in row.endorsement.name.casefold()
        or text.casefold() == row.endorsement.number.casefold()
    )


def sort_key(sort: str) -> Callable[[Row], tuple[Any, ...]]:
    """The order of a sort, ending with the endorsement's number (unique), so it is total; its
    values are text and numbers, which a keyset cursor carries (`endorse.keyset.list_page`)."""
    if sort == "name":
        return lambda row: (row.holder_name.casefold(), row.endorsement.number)
    if sort == "number":
        return lambda row: (row.endorsement.number,)
    if sort == "submitted":
        return lambda row: (
            int(row.renewal is None),
            row.renewal.submitted_at.isoformat() if row.renewal else "",
            row.endorsement.number,
        )
    return lambda row: (row.standing.dates.deadline.isoformat(), row.endorsement.number)


def renewal_queue(rows: list[Row], chosen: RenewalFilter) -> list[Row]:
    """The rows as filtered, searched (name, email or endorsement number) and sorted."""
    found = [row for row in rows if not chosen.tab or row.tab == chosen.tab]
    if chosen.category:
        found = [row for row in found if row.endorsement.category == chosen.category]
    if chosen.q.strip():
        text = chosen.q.strip()
        people = set(people_matching(text).values_list("pk", flat=True))
        found = [row for row in found if _matches(row, text, people)]
    return sorted(found, key=sort_key(chosen.sort))


def renewal_queue_page(rows: list[Row], chosen: RenewalFilter, cursor: str) -> Page:
    """The page of the queue `cursor` names (`endorse.keyset`)."""
    return list_page(renewal_queue(rows, chosen), sort_key(chosen.sort), cursor, size=PAGE_SIZE)


CATEGORY_CHOICES = [(str(c.label), str(c.label)) for c in Category]


@dataclass(frozen=True)
class FeeDue:
    """What a renewal owes: the policy's fee, plus its late fee when submitted after the
    deadline (RULES-renewal.md 5.5). `required` is false under a policy whose fee is 0."""

    amount: Decimal
    late: bool
    late_fee: Decimal
    required: bool


def submitted_on(renewal: Renewal) -> date:
    return timezone.localdate(renewal.submitted_at)


def fee_due(renewal: Renewal) -> FeeDue:
    """The fee owed by `renewal`, from its association's renewal policy and the day it was
    submitted: late when submitted after the deadline of the period it covers. A reinstatement
    owes the policy's reinstatement fee, never late, and its payment is always recorded: under
    "any amount" (choice R33) a payment of any amount, 0 included, counts."""
    if renewal.kind == RenewalKind.REINSTATEMENT:
        fee = renewal.association.renewal.reinstatement.fee
        return FeeDue(
            amount=fee if fee is not None else Decimal(0),
            late=False,
            late_fee=Decimal(0),
            required=True,
        )
    rule = renewal.association.renewal.fee
    late = submitted_on(renewal) > renewal.period_end
    late_fee = rule.late_fee if late else Decimal(0)
    base = rule.amount if rule.amount is not None else Decimal(0)
    required = rule.amount is None or rule.amount > 0 or rule.late_fee > 0
    return FeeDue(amount=base + late_fee, late=late, late_fee=late_fee, required=required)


def fee_paid(renewal: Renewal) -> bool:
    return renewal.fee_paid_on is not None


@dataclass(frozen=True)
class Evaluated:
    """One endorsement's evaluation; `result` is None when the engine refused to read the file
    (a record carried over under a category it does not know), `refused` saying why."""

    endorsement: Endorsement
    standing: Standing
    result: RenewalResult | None
    refused: str = ""


@dataclass(frozen=True)
class RscLine:
    """An entry of RS/C received in the renewal's period, and why the engine did not count it
    ("" when it counted, or when the renewal is no longer evaluated)."""

    entry: LoggedHours
    not_counted: str = ""


@dataclass(frozen=True)
class RenewalFile:
    """A renewal's staff page: each endorsement's evaluation on the day it was submitted, the
    fee, the events, the RS/C received in the period (whose providers the coordinator approves),
    and whether it is straightforward (every requirement met, fee paid)."""

    renewal: Renewal
    evaluated: list[Evaluated]
    fee: FeeDue
    events: list[RenewalEvent]
    rsc: list[RscLine] = field(default_factory=list)

    @property
    def paid(self) -> bool:
        return fee_paid(self.renewal)

    @property
    def fee_settled(self) -> bool:
        return self.paid or not self.fee.required

    @property
    def unmet(self) -> list[str]:
        """What the engine finds missing, the fee aside, one line per gap."""
        lines = []
        several = len(self.evaluated) > 1
        for e in self.evaluated:
            prefix = f"{e.endorsement.number}: " if several else ""
            if e.result is None:
                lines.append(f"{prefix}the renewal engine cannot read it: {e.refused}")
                continue
            if e.result.overall in ("lapsed", "inactive", "revoked", "too_early"):
                lines.append(f"{prefix}the endorsement is {e.result.overall.replace('_', ' ')}")
                continue
            for r in e.result.requirements:
                if r.id != "fee" and r.status == "not_met":
                    lines.extend(f"{prefix}{r.title}: {m}" for m in (r.missing or [r.summary]))
        return lines

    @property
    def pending(self) -> list[str]:
        """Requirements the coordinator decides (a declared licensing-board sanction)."""
        return [
            f"{r.title}: {r.summary}"
            for e in self.evaluated
            if e.result is not None
            for r in e.result.requirements
            if r.status == "pending"
        ]

    @property
    def straightforward(self) -> bool:
        return (
            self.renewal.state == RenewalState.SUBMITTED
            and self.fee_settled
            and not self.unmet
            and not self.pending
        )


def renewals_with_endorsements() -> QuerySet[Renewal]:
    return Renewal.objects.select_related("association", "person").prefetch_related(
        "endorsements__association"
    )


def renewal_file(renewal: Renewal, *, events: bool = True) -> RenewalFile:
    """The renewal's file as the engine reads it on the day it was submitted (so the late fee
    and the hours are those of that day). A payment recorded later counts as made with the
    submission: the amount recorded is what that day owed. An accepted renewal has moved
    `renewed_through`, so it is shown from its events, without a new evaluation."""
    on = submitted_on(renewal)
    fee = fee_due(renewal)
    evaluated: list[Evaluated] = []
    submitted = renewal.state == RenewalState.SUBMITTED
    entries = logged_hours(person=renewal.person) if submitted or events else []
    if submitted:
        attestation = Attestation(
            signed_on=on,
            no_sanction=renewal.no_sanction,
            membership_kind=renewal.membership_kind,
            membership_id=renewal.membership_id,
            membership_expires_on=renewal.membership_expires_on,
            fee_status=renewal.fee_status,
            fee_paid_on=on if fee_paid(renewal) else None,
        )
        for endorsement in renewal.endorsements.all():
            standing = endorsement.standing_on(on)
            try:
                result = renewal_evaluate(
                    endorsement=endorsement,
                    standing=standing,
                    entries=entries,
                    today=on,
                    attestation=attestation,
                )
            except RenewalError as error:
                evaluated.append(Evaluated(endorsement, standing, None, str(error)))
            else:
                evaluated.append(Evaluated(endorsement, standing, result))
    found = renewal_events(renewal) if events else []
    return RenewalFile(
        renewal=renewal,
        evaluated=evaluated,
        fee=fee,
        events=found,
        rsc=_rsc_lines(renewal, entries, evaluated),
    )


def _rsc_lines(
    renewal: Renewal, entries: list[LoggedHours], evaluated: list[Evaluated]
) -> list[RscLine]:
    """The RS/C received dated in the renewal's period, oldest first, each with the engine's
    reasons for not counting it (several endorsements may give different ones)."""
    results = [e.result for e in evaluated if e.result is not None]
    return rsc_lines(entries, results, start=renewal.period_start, end=renewal.period_end)


def rsc_lines(
    entries: list[LoggedHours], results: list[RenewalResult], *, start: date, end: date
) -> list[RscLine]:
    """The RS/C received dated in [`start`, `end`], oldest first, each with the engine's
    reasons for not counting it in `results` (a renewal's or a reactivation's evaluations)."""
    reasons: dict[str, list[str]] = {}
    for result in results:
        for excluded in result.requirement("rsc").excluded:
            found = reasons.setdefault(excluded.id, [])
            if excluded.reason not in found:
                found.append(excluded.reason)
    return [
        RscLine(entry, "; ".join(reasons.get(entry_id(entry), [])))
        for entry in sorted(entries, key=lambda entry: (entry.on, entry.pk))
        if entry.kind == EntryKind.RSC and start <= entry.on <= end
    ]


def renewal_events(renewal: Renewal) -> list[RenewalEvent]:
    return list(RenewalEvent.objects.filter(renewal=renewal).select_related("actor"))


def bulk_candidates(pks: list[int]) -> list[RenewalFile]:
    """The chosen submitted renewals, each with its file (for the bulk preview and confirm)."""
    chosen = renewals_with_endorsements().filter(
        pk__in=pks, state=RenewalState.SUBMITTED, kind=RenewalKind.RENEWAL
    )
    return [renewal_file(r, events=False) for r in chosen.order_by("pk")]


PAYMENT_METHODS = [
    (FeeStatus.PAID_ONLINE.value, "Paid online"),
    (FeeStatus.ALTERNATIVE.value, "Paid another way (an employer for a group, a cheque)"),
]
