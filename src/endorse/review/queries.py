"""Reads for staff: the queue with its filters, what needs the coordinator, an application's
whole file, and what changed between two submissions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from endorse.accounts.models import ResidencyException, User
from endorse.accounts.residency import Standing
from endorse.accounts.roles import Role
from endorse.accounts.search import people_matching
from endorse.applications.enums import Category, Status
from endorse.applications.evidence import BY_KEY
from endorse.applications.models import (
    Application,
    ApplicationEvent,
    Degree,
    Rater,
    SupervisionEntry,
)
from endorse.applications.queries import applications_with_evidence, verdict_for
from endorse.associations.models import Association, StaffRole
from endorse.associations.routing import association_of
from endorse.exams.models import ExamCandidate, Part2Mark
from endorse.exams.queries import part_results
from endorse.keyset import Key, Page, aware_datetime, integer, queryset_page
from endorse.notifications.models import MessageStatus, OutboxMessage
from endorse.references.models import Rating
from endorse.references.queries import endorsement_check, rating_shown
from endorse.registry.models import Endorsement
from endorse.registry.queries import normalise_name

from .enums import LETTER_TEMPLATES
from .models import Review, ReviewAssignment

# Each sort ends with the primary key, so the order is total: the queue's pages are keyset pages
# (`endorse.keyset`), whose cursor is the sort key of the row next to them.
_PK_DOWN = Key("pk", descending=True, parse=integer)
SORT_KEYS = {
    "submitted": (Key("submitted_at", True, True, aware_datetime), _PK_DOWN),
    "oldest": (Key("submitted_at", nullable=True, parse=aware_datetime), Key("pk", parse=integer)),
    "updated": (Key("updated_at", True, parse=aware_datetime), _PK_DOWN),
    "name": (Key("applicant__name"), Key("applicant__email"), Key("pk", parse=integer)),
}
SORTS = {name: tuple(key.order for key in keys) for name, keys in SORT_KEYS.items()}
PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    category: str = ""
    q: str = ""
    sort: str = "submitted"
    mine: bool = False  # needs my action (the coordinator's)
    drafts: bool = False  # drafts too (the coordinator has nothing to do with them yet)


# Statuses in which the coordinator has something to do.
COORDINATOR_ACTS = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED_FOR_EXAM)


def _shown(chosen: QueueFilter, status: str, category: str) -> bool:
    """Whether an application of `status` and `category` passes the filters of `chosen` other
    than the search: the same conditions `queue` writes in SQL."""
    if chosen.status in Status.values:
        if status != chosen.status:
            return False
    elif not chosen.drafts and status == Status.DRAFT:
        return False
    if chosen.category in Category.values and category != chosen.category:
        return False
    return not chosen.mine or status in COORDINATOR_ACTS


def queue(chosen: QueueFilter) -> QuerySet[Application]:
    """Applications as filtered, searched (any part of the applicant's name or email, or the
    endorsement's number) and sorted."""
    applications = Application.objects.select_related("applicant", "endorsement")
    if chosen.status in Status.values:
        applications = applications.filter(status=chosen.status)
    elif not chosen.drafts:
        applications = applications.exclude(status=Status.DRAFT)
    if chosen.category in Category.values:
        applications = applications.filter(category=chosen.category)
    if chosen.mine:
        applications = applications.filter(status__in=COORDINATOR_ACTS)
    if chosen.q.strip():
        text = chosen.q.strip()
        applications = applications.filter(
            Q(applicant__in=people_matching(text)) | Q(endorsement__number__iexact=text)
        )
    return applications.order_by(*SORTS.get(chosen.sort, SORTS["submitted"]))


@dataclass(frozen=True)
class QueuePage:
    page: Page
    # Applications by status, whatever the filters (the tabs above the queue).
    by_status: dict[str, int]


def queue_on_page(chosen: QueueFilter, cursor: str) -> QueuePage:
    """The page of the queue `cursor` names (`endorse.keyset`), on the first page as on the
    last: the applications counted by status and category in one query (an index-only scan of
    `application_counts`), which gives the tabs' counts and, unless the queue is searched, the
    filtered total; then the rows."""
    counted = counts_by_status_and_category()
    by_status = dict.fromkeys(Status.values, 0)
    for (status, _), n in counted.items():
        by_status[status] = by_status.get(status, 0) + n
    total = (
        None
        if chosen.q.strip()
        else sum(n for (status, category), n in counted.items() if _shown(chosen, status, category))
    )
    keys = SORT_KEYS.get(chosen.sort, SORT_KEYS["submitted"])
    page = queryset_page(queue(chosen).order_by(), keys, cursor, size=PAGE_SIZE, count=total)
    return QueuePage(page, by_status)


def counts_by_status_and_category() -> dict[tuple[str, str], int]:
    """The association's applications by (status, category). `COUNT(*)`, not of a column, so
    PostgreSQL answers from the index alone."""
    return {
        (status, category): n
        for status, category, n in Application.objects.values_list("status", "category")
        .annotate(n=Count("*"))
        .values_list("status", "category", "n")
        .order_by()
    }


def needs_action(*, now: datetime) -> dict[str, list[Any]]:
    """What waits for the coordinator, each list oldest first (a fixed number of queries)."""
    active = ~Q(application__status__in=(Status.WITHDRAWN, Status.DEFERRED, Status.ENDORSED))
    return {
        "transcripts": list(
            # A draft's transcript waits for its submission (staff verify submitted evidence).
            Degree.objects.filter(active, transcript="received")
            .exclude(application__status=Status.DRAFT)
            .select_related("application__applicant")
            .order_by("updated_at")[:100]
        ),
        "raters": list(
            Rater.objects.filter(
                active,
                withdrawn_at__isnull=True,
                endorsement_verified=False,
                status="completed",
            )
            .exclude(endorsement_level="")
            .select_related("application__applicant")
            .order_by("completed_on")[:100]
        ),
        "providers": list(
            SupervisionEntry.objects.filter(active, provider_approved=False)
            .filter(application__status__in=(Status.SUBMITTED, Status.UNDER_REVIEW))
            .select_related("application__applicant")
            .order_by("application_id", "provider_name")[:100]
        ),
        "submitted": list(
            Application.objects.filter(status=Status.SUBMITTED)
            .select_related("applicant")
            .order_by("submitted_at")[:100]
        ),
        "overdue": list(
            Rater.objects.filter(
                active,
                withdrawn_at__isnull=True,
                status="requested",
                sent_at__lte=now - timedelta(days=settings.ENDORSE_REFERENCE_OVERDUE_DAYS),
            )
            .select_related("application__applicant")
            .order_by("sent_at")[:100]
        ),
        "decisions": _decisions_waiting(),
        "letters": list(
            OutboxMessage.objects.filter(status=MessageStatus.HELD, template__in=LETTER_TEMPLATES)
            .select_related("application__applicant")
            .order_by("created_at")[:100]
        ),
        "undelivered": list(
            OutboxMessage.objects.filter(status__in=(MessageStatus.FAILED, MessageStatus.BOUNCED))
            .select_related("application__applicant")
            .order_by("-created_at")[:100]
        ),
    }


def letters_of(application: Application) -> list[OutboxMessage]:
    """Every letter of the application (decisions' and exam results'), oldest first."""
    return list(
        OutboxMessage.objects.filter(
            application=application, template__in=LETTER_TEMPLATES
        ).order_by("created_at", "pk")
    )


def held_letters(application: Application) -> list[OutboxMessage]:
    """The application's letters still held for the coordinator to read and release."""
    return [m for m in letters_of(application) if m.status == MessageStatus.HELD]


def staff_people() -> list[User]:
    """Everyone holding a staff role, with their roles and `two_factor` (whether they have an
    authenticator app) (two queries)."""
    return list(
        User.objects.filter(pk__in=StaffRole.objects.values("person"))
        .annotate(
            two_factor=Exists(
                Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
            )
        )
        .prefetch_related(Prefetch("staff_roles", queryset=StaffRole.objects.all()))
        .order_by("name", "email")
    )


def residency_exceptions() -> list[ResidencyException]:
    """The exceptions to the residency rule recorded in this association, newest first (one
    query)."""
    return list(ResidencyException.objects.select_related("person", "recorded_by"))


def reviewers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, pk__in=StaffRole.objects.filter(role=Role.REVIEWER).values("person")
        ).order_by("name", "email")
    )


def submission_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed from one submitted portfolio to the next, section by section: each entry
    added, removed or changed (matched by its id), with both versions for side-by-side reading.
    Nested parts are spelled out (`provider.approved`, `endorsement.verified`), so a staff
    judgement reset by the applicant's change shows as its own field."""
    changes = []
    for section in BY_KEY:
        old = {entry.get("id"): _flat(entry) for entry in before.get(section) or []}
        new = {entry.get("id"): _flat(entry) for entry in after.get(section) or []}
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                changes.append(
                    {
                        "section": section,
                        "id": key,
                        "kind": "added"
                        if key not in old
                        else "removed"
                        if key not in new
                        else "changed",
                        "before": old.get(key),
                        "after": new.get(key),
                        "fields": sorted(
                            f
                            for f in set(old.get(key) or {}) | set(new.get(key) or {})
                            if (old.get(key) or {}).get(f) != (new.get(key) or {}).get(f)
                        ),
                    }
                )
    for single in ("ethics", "membership"):
        if before.get(single) != after.get(single):
            changes.append(
                {
                    "section": single,
                    "id": single,
                    "kind": "changed",
                    "before": before.get(single),
                    "after": after.get(single),
                    "fields": sorted(set(before.get(single) or {}) | set(after.get(single) or {})),
                }
            )
    return changes


def _flat(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with its nested parts spelled out (`provider.approved`), so a change of one staff
    judgement inside them is named as such."""
    flat: dict[str, Any] = {}
    for key, value in entry.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": v for inner, v in value.items()})
        else:
            flat[key] = value
    return flat


# Review rounds.


def current_round(application: Application) -> int:
    """A round is one submission: the number of the latest."""
    return application.submissions.count()


def conflicts_of(application: Application, reviewer: User) -> list[str]:
    """Why `reviewer` may not review `application` (empty when they may)."""
    reasons = []
    if reviewer.pk == application.applicant_id:
        reasons.append("is the applicant")
    emails = {r.email.casefold() for r in application.references.filter(withdrawn_at__isnull=True)}
    if reviewer.email.casefold() in emails:
        reasons.append("is one of the applicant's reference raters")
    name = normalise_name(reviewer.name or "")
    if name and any(normalise_name(s.provider_name) == name for s in application.rsc.all()):
        reasons.append("is the applicant's RS/C provider")
    return reasons


def reviews_of_round(application: Application, round_: int) -> list[Review]:
    return list(
        Review.objects.filter(assignment__application=application, assignment__round=round_)
        .select_related("assignment")
        .order_by("assignment__order")
    )


def reviews_needed(application: Application) -> int:
    """How many reviews an application needs: its association's `reviewers_required`."""
    association = association_of(application.association_id)
    return association.reviewers_required if association else 2


def agreed(outcomes: list[str], needed: int) -> str | None:
    """The outcome every reviewer of the round proposed, once the `needed` reviews are in, or
    None (a review missing, or a disagreement). The one rule, for the file and for the
    needs-action list."""
    if needed and len(outcomes) == needed and len(set(outcomes)) == 1:
        return outcomes[0]
    return None


def agreed_outcome(application: Application) -> str | None:
    """The outcome every reviewer of the current round proposed, or None. A round needs the
    reviews of the reviewers it was assigned (as many as the association required then)."""
    round_ = current_round(application)
    needed = ReviewAssignment.objects.filter(application=application, round=round_).count()
    return agreed([r.outcome for r in reviews_of_round(application, round_)], needed)


def _decisions_waiting() -> list[tuple[Application, bool]]:
    """Applications under review whose reviews of the current round are all in, and whether
    the reviewers agree (two queries)."""
    waiting = []
    for application in (
        Application.objects.filter(status=Status.UNDER_REVIEW)
        .select_related("applicant")
        .prefetch_related("assignments__review")
        .order_by("submitted_at")[:200]
    ):
        assignments = list(application.assignments.all())
        if not assignments:
            continue
        latest = max(a.round for a in assignments)
        needed = sum(1 for a in assignments if a.round == latest)
        outcomes = [
            a.review.outcome for a in assignments if a.round == latest and hasattr(a, "review")
        ]
        if len(outcomes) == needed:
            waiting.append((application, agreed(outcomes, needed) is not None))
    return waiting


def previous_reviewers(application: Application) -> list[User]:
    """The reviewers of the last round, to ask again after a resubmission."""
    assignments = list(
        application.assignments.select_related("reviewer").order_by("-round", "order")
    )
    if not assignments:
        return []
    latest = assignments[0].round
    return [a.reviewer for a in sorted(assignments, key=lambda a: a.order) if a.round == latest]


def rater_notes(application: Application, *, today: date) -> dict[int, list[str]]:
    """What the coordinator should know about each rater (not withdrawn) before trusting their
    rating: why a claimed endorsement waits for them, and raters whose email or name looks like
    the applicant's or another rater's. Uses the prefetched raters of
    `applications_with_evidence()`, plus one registry look-up per unverified claim."""
    applicant = application.applicant
    raters = list(application.references.all())
    notes: dict[int, list[str]] = {}
    for rater in raters:
        found: list[str] = []
        if rater.endorsement_level and not rater.endorsement_verified:
            why = endorsement_check(rater, today=today).waits_because
            found.append(f"Its endorsement waits for the coordinator: {why}.")
        how = resemblance(rater.email, applicant.email)
        if how:
            found.append(f"Email: {how.format(whose=f"the applicant's ({applicant.email})")}.")
        if _same_name(rater.name, applicant.name):
            found.append("Name: the applicant's name.")
        for other in raters:
            if other.pk == rater.pk:
                continue
            how = resemblance(rater.email, other.email)
            if how:
                found.append(f"Email: {how.format(whose=f"{other.name}'s ({other.email})")}.")
            if _same_name(rater.name, other.name):
                found.append(f"Name: the same as another rater's ({other.name}).")
        if found:
            notes[rater.pk] = found
    return notes


def _same_name(name: str, other: str) -> bool:
    return bool(normalise_name(name)) and normalise_name(name) == normalise_name(other)


def _canonical(email: str) -> tuple[str, str]:
    """An address as most mail servers deliver it: case ignored, and in the part before the @
    the dots and anything after a "+" (a tag) too."""
    local, _, domain = email.strip().casefold().rpartition("@")
    return local.split("+", 1)[0].replace(".", ""), domain


def resemblance(email: str, other: str) -> str:
    """How `email` resembles `other`, as a phrase with a `{whose}` slot; empty when it does not.

    Same address (ignoring case), the same address written differently (dots, a +tag), nearly
    the same address (one character added, left out, changed or two neighbours swapped; two
    for long addresses), or the same name before the @ at another domain.
    """
    if not email.strip() or not other.strip():
        return ""
    if email.strip().casefold() == other.strip().casefold():
        return "the same address as {whose}"
    (local, domain), (other_local, other_domain) = _canonical(email), _canonical(other)
    if (local, domain) == (other_local, other_domain):
        return "the same address as {whose}, written differently (case, dots or a +tag)"
    first, second = f"{local}@{domain}", f"{other_local}@{other_domain}"
    if _distance(first, second, limit=2 if min(len(first), len(second)) >= 16 else 1) is not None:
        return "nearly the same address as {whose}"
    if local and local == other_local:
        return "the same name before the @ as {whose}, at another domain"
    return ""


def _distance(a: str, b: str, *, limit: int) -> int | None:
    """Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`, or None when
    they are more than `limit`. Strings whose lengths differ by more than `limit` need more
    edits than that (each edit changes the length by one at most): they are not compared. Only
    the cells within `limit` of the diagonal are computed (those off it need more edits than
    that); any count over `limit` is kept as `limit + 1`, which changes none up to it."""
    if abs(len(a) - len(b)) > limit:
        return None
    over = limit + 1
    previous2: list[int] = []
    previous = [min(j, over) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        row = [over] * (len(b) + 1)
        row[0] = min(i, over)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            y = b[j - 1]
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row[j] = min(cost, over)
        previous2, previous = previous, row
    return previous[-1] if previous[-1] <= limit else None


# The application's file.


def staff_file_applications() -> QuerySet[Application]:
    """`applications_with_evidence()` for the staff file: each rater's rating and its question
    set read with the raters, the endorsement and its association with the application, the
    endorsement's inactive periods prefetched, and the applicant's residency exception in this
    association read with the application (`file_residency`): three queries fewer than reading
    them apart."""
    exception = ResidencyException.objects.filter(
        person=OuterRef("applicant"), association=OuterRef("association")
    )
    return (
        applications_with_evidence(joined={"references": ("rating__question_set",)})
        .select_related("endorsement__association")
        .prefetch_related("endorsement__inactive_periods")
        .annotate(
            residency_exception_pk=Subquery(exception.values("pk")[:1]),
            residency_reason=Subquery(exception.values("reason")[:1]),
            residency_recorded_at=Subquery(exception.values("recorded_at")[:1]),
        )
    )


def file_residency(application: Application, association: Association) -> Standing:
    """`accounts.residency.standing` of the applicant in `association` (the application's), from
    what `staff_file_applications()` read: the exception holds what the file shows of it (its
    reason and when it was recorded)."""
    applicant: User = application.applicant
    pk = getattr(application, "residency_exception_pk", None)
    exception = (
        None
        if pk is None
        else ResidencyException(
            pk=pk,
            person=applicant,
            association=association,
            reason=application.residency_reason,  # type: ignore[attr-defined]
            recorded_at=application.residency_recorded_at,  # type: ignore[attr-defined]
        )
    )
    return Standing(
        association=association,
        residence=applicant.residence,
        outside=not association.serves_region(applicant.residence),
        exception=exception,
    )


def _endorsement(application: Application) -> Endorsement | None:
    """The application's endorsement while its association holds it (one moved to another
    association is that association's, as the scoped registry reads it)."""
    endorsement: Endorsement | None = getattr(application, "endorsement", None)
    if endorsement is None or endorsement.association_id != application.association_id:
        return None
    return endorsement


def ratings_shown(raters: Iterable[Rater]) -> dict[int, dict[str, Any]]:
    """Submitted ratings by rater, shown in the wording they were answered under. Read each
    rater's `rating` with the raters (`select_related("rating__question_set")`)."""
    shown = {}
    for rater in raters:
        rating: Rating | None = getattr(rater, "rating", None)
        if rating is None or rating.submitted_at is None:
            continue
        shown[rater.pk] = rating_shown(rating)
    return shown


def staff_file(application: Application, *, today: date) -> dict[str, Any]:
    """Everything about one application that staff read: the engine's verdict, documents,
    ratings, memberships, submissions and what changed between the last two, review rounds,
    decisions, exams, the endorsement and the events of the timeline. `application` comes from
    `staff_file_applications()`."""
    result = verdict_for(application, today=today)
    # Withdrawn or replaced raters are on record, not evidence: staff still read why one
    # declined (the applicant never does).
    withdrawn = list(
        Rater.objects.filter(application=application, withdrawn_at__isnull=False)
        .select_related("rating__question_set")
        .order_by("withdrawn_at", "pk")
    )
    submissions = list(application.submissions.order_by("number"))
    assignments = list(
        application.assignments.select_related("reviewer", "review").order_by("round", "order")
    )
    # Rounds, the current round's reviews and who reviewed last, read from these two lists
    # rather than asked again (`current_round`, `agreed_outcome`, `previous_reviewers`).
    current = len(submissions)
    this_round = [a for a in assignments if a.round == current]
    latest = max((a.round for a in assignments), default=None)
    return {
        "application": application,
        "result": result,
        "ratings": ratings_shown([*application.references.all(), *withdrawn]),
        "withdrawn_raters": withdrawn,
        "rater_notes": rater_notes(application, today=today),
        "memberships": list(application.applicant.memberships.all()),
        "signature": next(iter(application.signatures.all()), None),
        "submissions": submissions,
        "changes": submission_changes(submissions[-2].portfolio, submissions[-1].portfolio)
        if len(submissions) >= 2
        else [],
        "assignments": assignments,
        "current_round": current,
        "current_assignments": this_round,
        # "1 of 1 reviews": the round's assigned reviewers, else as many as the association needs.
        "reviews_in": sum(1 for a in this_round if hasattr(a, "review")),
        "reviews_of": len(this_round) or reviews_needed(application),
        "agreed": agreed(
            [a.review.outcome for a in this_round if hasattr(a, "review")], len(this_round)
        ),
        "decisions": list(application.decisions.select_related("letter", "decided_by")),
        "letters": letters_of(application),
        "candidacies": _candidacies(application),
        # Its association and inactive periods give the renewal deadline the file shows.
        "endorsement": _endorsement(application),
        "events": list(
            ApplicationEvent.objects.filter(application=application)
            .select_related("actor")
            .order_by("-created_at", "-pk")
        ),
        "ask_again": [a.reviewer for a in assignments if a.round == latest],
    }


def _candidacies(application: Application) -> list[tuple[ExamCandidate, dict[int, bool | None]]]:
    """The application's exam candidacies with their parts' results, in one query with or
    without a candidacy: each candidacy with its sitting, a row per Part 2 mark joined to it
    (one row, without a mark, for a candidacy not marked), in their order."""
    found: dict[int, tuple[ExamCandidate, list[Part2Mark]]] = {}
    rows = (
        ExamCandidate.objects.filter(application=application)
        .select_related("sitting")
        .annotate(mark_pk=F("marks__pk"), mark_passed=F("marks__passed"))
        .order_by("sitting", "code", "pk", "marks__marked_at", "marks__pk")
    )
    for row in rows:
        candidate, marks = found.setdefault(row.pk, (row, []))
        if row.mark_pk is not None:
            marks.append(Part2Mark(pk=row.mark_pk, candidate=candidate, passed=row.mark_passed))
    for candidate, _ in found.values():
        candidate.application = application  # its policy gives the exam's numbers
    return [(c, part_results(c, marks)) for c, marks in found.values()]
