"""Reads for the coordinator's renewal queue: the association's endorsements by their computed
standing (renewal due, submitted, overdue, lapsed), a renewal's file as the engine evaluates it,
the fee it owes, and which renewals are straightforward enough to accept in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone
from django_scopes import scopes_disabled

from endorse.accounts.search import people_matching
from endorse.applications.enums import Category
from endorse.associations.models import Association, current_association
from endorse.eligibility.renewal import RenewalResult
from endorse.eligibility.renewal_parse import RenewalError
from endorse.eligibility.renewal_standing import Standing
from endorse.keyset import Key, Page, aware_datetime, integer, queryset_page
from endorse.registry.models import Endorsement
from endorse.registry.standing_sql import (
    among,
    deadline_year,
    inactive_on,
    standing_word,
)

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


@dataclass(frozen=True)
class Queue:
    """The association's endorsements with their tab on `today`, as queries not yet run: the
    tab, the deadline and the sort keys are computed by the database from the recorded dates
    (`registry.standing_sql`), so filtering, counting, sorting and paging read no row in Python;
    the exact standing (`Endorsement.standing_on`) is computed for the rows shown."""

    today: date
    # The scope's association, whose renewal policy its rows follow (None outside a scope:
    # every association's rows, each under its own).
    association: Association | None = None

    @property
    def policy_names(self) -> tuple[str, ...] | None:
        return None if self.association is None else (self.association.renewal_policy,)

    def endorsements(self) -> QuerySet[Endorsement]:
        """Every endorsement not revoked, with the alias `queue_tab` ("" when in no tab). Read
        through the association, so each row knows it without a join."""
        found = (
            Endorsement.objects.select_related("association")
            if self.association is None
            else self.association.endorsements.all()
        )
        return found.filter(revoked_at__isnull=True).alias(
            queue_tab=_tab(self.today, self.policy_names, self.covered)
        )

    @cached_property
    def covered(self) -> dict[bool, list[int]]:
        """The endorsements a submitted renewal covers, by whether the earliest covering each is a
        reinstatement: read once (hundreds of rows), so the tab's expression holds them as
        lists (which PostgreSQL hashes) instead of looking for a renewal for every row."""
        # Through the endorsements, which are the association's: a renewal may have been
        # submitted where a moved endorsement was held before.
        links = Renewal.endorsements.through.objects.filter(renewal__state=RenewalState.SUBMITTED)
        if self.association is not None:
            links = links.filter(endorsement__association=self.association)
        earliest: dict[int, str] = {}
        rows = links.order_by("renewal__submitted_at", "renewal_id").values_list(
            "endorsement_id", "renewal__kind"
        )
        for endorsement_id, kind in rows:
            earliest.setdefault(endorsement_id, kind)
        found: dict[bool, list[int]] = {True: [], False: []}
        for endorsement_id, kind in earliest.items():
            found[kind == RenewalKind.REINSTATEMENT].append(endorsement_id)
        return found


def _submitted_renewals() -> QuerySet[Renewal]:
    """The submitted renewals, the earliest first (the one a row shows when several cover it).
    Read through the endorsements they cover, which are the association's already: without the
    renewals' own association filter, which SQLite, lacking statistics, otherwise walks for
    every endorsement instead of the covered endorsements' index."""
    with scopes_disabled():
        renewals = Renewal.objects.filter(state=RenewalState.SUBMITTED)
    return renewals.order_by("submitted_at", "pk")


def _covering(field: str) -> Case:
    """`field` of the earliest submitted renewal covering the endorsement (null when none). The
    correlated subquery that reads it runs only for the endorsements a submitted renewal covers
    (hundreds among thousands), told apart first by one uncorrelated `IN`."""
    covering = _submitted_renewals().filter(endorsements=OuterRef("pk"))
    return Case(
        When(
            among(_submitted_renewals(), "endorsements"), then=Subquery(covering.values(field)[:1])
        ),
        default=None,
    )


def _tab(today: date, policy_names: tuple[str, ...] | None, covered: dict[bool, list[int]]) -> Case:
    """The tab of an endorsement on `today`, as `tab_of` reads a row: a submitted renewal first
    (a reinstatement in its own tab; `covered`, as `Queue.covered` reads them), then a submitted reactivation of an inactive endorsement,
    then a waiting request for inactive status, then the standing (RULES-renewal.md 4)."""
    reactivation = among(
        InactivePeriod.objects.filter(
            reactivated_on__isnull=True, reactivation_submitted_on__isnull=False
        )
    )
    asked = among(InactiveRequest.objects.filter(state=InactiveRequestState.REQUESTED))
    by_standing = Case(
        When(reactivation & Q(inactive_on(today, policy_names)), then=Value("reactivation")),
        When(asked, then=Value("inactive_asked")),
        default=standing_word(today, policy_names, TAB_OF_STANDING),
        output_field=CharField(),
    )
    return Case(
        When(pk__in=covered[True], then=Value("reinstatement")),
        When(pk__in=covered[False], then=Value("submitted")),
        default=by_standing,
        output_field=CharField(),
    )


def tab_of(
    standing: Standing,
    renewal: Renewal | None,
    reactivation: InactivePeriod | None,
    request: InactiveRequest | None,
) -> str:
    """The tab of a row shown, from its exact standing (the database's `_tab` is the same)."""
    if renewal is not None:
        return "reinstatement" if renewal.kind == RenewalKind.REINSTATEMENT else "submitted"
    if reactivation is not None and standing.word == "inactive":
        return "reactivation"
    if request is not None:
        return "inactive_asked"
    return TAB_OF_STANDING.get(standing.word, "")


def queue_rows(*, today: date) -> Queue:
    """The queue on `today` in the scope's association (under its renewal policy)."""
    return Queue(today=today, association=current_association())


def _matching(chosen: RenewalFilter) -> Q | None:
    """The category and the search of `chosen`: the holder is one of the people found by name or
    email, or the name on the record contains the text (a record carried over may have no
    account), or its number is the text. None when `chosen` has neither."""
    found = Q()
    if chosen.category:
        found &= Q(category=chosen.category)
    text = chosen.q.strip()
    if text:
        found &= (
            Q(person__in=people_matching(text)) | Q(name__icontains=text) | Q(number__iexact=text)
        )
    return found or None


def queue_counts(queue: Queue, chosen: RenewalFilter) -> tuple[dict[str, int], int]:
    """How many endorsements each tab holds (whatever the search), and how many rows `chosen`
    shows, in one grouped COUNT."""
    matching = _matching(chosen)
    found = queue.endorsements().annotate(
        queue_group=F("queue_tab"),
        queue_matched=Value(True)
        if matching is None
        else Case(When(matching, then=Value(True)), default=Value(False)),
    )
    counts = dict.fromkeys((tab for tab, _ in TABS), 0)
    shown = 0
    grouped = found.order_by().values_list("queue_group", "queue_matched").annotate(n=Count("pk"))
    for tab, matched, n in grouped:
        if tab in counts:
            counts[tab] += n
            shown += n if matched and chosen.tab in ("", tab) else 0
    return counts, shown


# The order of each sort, ending with the endorsement's number (unique), so it is total. `name`
# is the name on the record (or the holder's), in lower case.
SORT_KEYS = {
    "deadline": (Key("queue_deadline_year", parse=integer), Key("number")),
    "name": (Key("queue_name"), Key("number")),
    "number": (Key("number"),),
    "submitted": (
        Key("queue_no_renewal", parse=integer),
        Key("queue_submitted_at", nullable=True, parse=aware_datetime),
        Key("number"),
    ),
}


def _chosen(queue: Queue, chosen: RenewalFilter) -> QuerySet[Endorsement]:
    """The endorsements `chosen` shows, with their sort keys and what their rows read."""
    found = queue.endorsements()
    # `queue_tab` is an annotation, which the type checker does not follow through a method.
    in_tab = Q(queue_tab=chosen.tab) if chosen.tab else Q(queue_tab__gt="")
    found = found.filter(in_tab)
    matching = _matching(chosen)
    if matching is not None:
        found = found.filter(matching)
    if chosen.sort == "deadline":
        found = found.annotate(queue_deadline_year=deadline_year(queue.today, queue.policy_names))
    elif chosen.sort == "name":
        holder = Coalesce(NullIf(F("name"), Value("")), F("person__name"), Value(""))
        found = found.annotate(queue_name=Lower(holder))
    elif chosen.sort == "submitted":
        at = _covering("submitted_at")
        found = found.annotate(queue_submitted_at=at).annotate(
            queue_no_renewal=Case(
                When(queue_submitted_at__isnull=True, then=Value(1)), default=Value(0)
            )
        )
    # The holders are read for the rows shown (a second query): joined, PostgreSQL joins every
    # person with the thousands of rows in the tab before it sorts and keeps a page of them.
    return found.prefetch_related(
        "person",
        "inactive_periods",
        Prefetch("renewals", queryset=_submitted_renewals(), to_attr="queue_renewals"),
        Prefetch(
            "inactive_requests",
            queryset=InactiveRequest.objects.filter(state=InactiveRequestState.REQUESTED),
            to_attr="queue_requests",
        ),
    )


def _row(endorsement: Endorsement, today: date) -> Row:
    """A row shown, with the exact standing computed from its dates."""
    renewals: list[Renewal] = getattr(endorsement, "queue_renewals", [])
    requests: list[InactiveRequest] = getattr(endorsement, "queue_requests", [])
    reactivation = next(
        (
            p
            for p in endorsement.inactive_periods.all()
            if p.reactivated_on is None and p.reactivation_submitted_on is not None
        ),
        None,
    )
    standing = endorsement.standing_on(today)
    renewal = renewals[0] if renewals else None
    request = requests[0] if requests else None
    tab = tab_of(standing, renewal, reactivation, request)
    return Row(endorsement, standing, tab, renewal, reactivation, request)


def renewal_queue(queue: Queue, chosen: RenewalFilter) -> list[Row]:
    """Every row as filtered, searched (name, email or endorsement number) and sorted (the CSV
    export)."""
    order = [key.order for key in SORT_KEYS.get(chosen.sort, SORT_KEYS["deadline"])]
    return [_row(e, queue.today) for e in _chosen(queue, chosen).order_by(*order)]


def renewal_queue_page(
    queue: Queue, chosen: RenewalFilter, cursor: str, *, count: int | None = None
) -> Page:
    """The page of the queue `cursor` names (`endorse.keyset`); `count`, the rows `chosen`
    shows, when `queue_counts` has counted them already."""
    keys = SORT_KEYS.get(chosen.sort, SORT_KEYS["deadline"])
    page = queryset_page(_chosen(queue, chosen), keys, cursor, size=PAGE_SIZE, count=count)
    return replace(page, rows=[_row(e, queue.today) for e in page.rows])


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
