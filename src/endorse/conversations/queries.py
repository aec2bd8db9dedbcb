"""Reads: who may read and write a thread, an application's conversation shaped by section (with
how each request stands, computed from dates), the unread count, inboxes, the applicant's
history.

Whatever the applicant's pages show comes through `applicant_threads`, which never returns a
staff note or a request the coordinator has not forwarded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from endorse.accounts.models import User
from endorse.accounts.roles import Role, has_role
from endorse.applications.enums import EventKind
from endorse.applications.evidence import BY_SLUG
from endorse.applications.models import Application, ApplicationEvent

from .enums import APPLICANT_KINDS, OPEN_STATES, RequestState, ThreadKind
from .models import Message, Notice, Thread

# What an applicant does that answers a request on a section: an entry added, changed or
# removed there, or a document uploaded (a transcript, on degrees); or a message in the thread.
ANSWERS = (
    EventKind.EVIDENCE_ADDED,
    EventKind.EVIDENCE_CHANGED,
    EventKind.EVIDENCE_DELETED,
    EventKind.DOCUMENT_UPLOADED,
)
# Events the applicant's history shows beside the conversation (never staff judgements, the
# review's inner steps or a conversation's own events: the messages show themselves).
APPLICANT_EVENTS = frozenset(
    {
        EventKind.STARTED,
        EventKind.IMPORTED,
        EventKind.STATUS,
        EventKind.EVIDENCE_ADDED,
        EventKind.EVIDENCE_CHANGED,
        EventKind.EVIDENCE_DELETED,
        EventKind.ETHICS_SIGNED,
        EventKind.DOCUMENT_UPLOADED,
        EventKind.DOCUMENT_REMOVED,
        EventKind.REFERENCE_REQUESTED,
        EventKind.REFERENCE_COMPLETED,
        EventKind.REFERENCE_DECLINED,
        EventKind.REFERENCE_EXPIRED,
        EventKind.REFERENCE_WITHDRAWN,
        EventKind.ENDORSEMENT_ISSUED,
    }
)


def is_assigned(application: Application, person: User) -> bool:
    """Whether `person` reviews `application` (a review assignment, read by its relation's name:
    the review app sits above this one)."""
    return Application.objects.filter(pk=application.pk, assignments__reviewer=person).exists()


def applicant_side(thread: Thread) -> User | None:
    """The person on the applicant's side of `thread`: the application's applicant, or the
    person who asked the association."""
    if thread.kind == ThreadKind.SUPPORT:
        return thread.started_by
    return thread.application.applicant if thread.application is not None else None


def staff_participants(thread: Thread) -> list[User]:
    """Staff who wrote in `thread` (they hear of the answers)."""
    applicant = applicant_side(thread)
    staff = User.objects.filter(is_active=True, pk__in=thread.messages.values("author"))
    if applicant is not None:
        staff = staff.exclude(pk=applicant.pk)
    return list(staff.distinct())


def applicant_may_read(thread: Thread, person: User) -> bool:
    if thread.kind == ThreadKind.SUPPORT:
        return thread.started_by_id == person.pk
    return (
        thread.application is not None
        and thread.application.applicant_id == person.pk
        and thread.kind in APPLICANT_KINDS
        and thread.shared_at is not None
    )


def staff_may_read(thread: Thread, person: User) -> bool:
    if has_role(person, Role.COORDINATOR):
        return True
    return (
        thread.application is not None
        and has_role(person, Role.REVIEWER)
        and is_assigned(thread.application, person)
    )


def can_post(thread: Thread, person: User) -> bool:
    """Who writes where: the applicant in shared questions and requests (and an asker in their
    question to the association); the coordinator anywhere; a reviewer of the application in
    notes and in requests not yet forwarded, and in shared threads only when the association
    lets reviewers ask directly."""
    if applicant_may_read(thread, person):
        return True
    if thread.kind == ThreadKind.SUPPORT:
        return has_role(person, Role.COORDINATOR)
    if has_role(person, Role.COORDINATOR):
        return True
    if not staff_may_read(thread, person):
        return False
    return (
        thread.kind == ThreadKind.NOTE
        or thread.shared_at is None
        or bool(settings.ENDORSE_REVIEWERS_ASK_DIRECTLY)
    )


def section_label(thread: Thread) -> str:
    if thread.kind == ThreadKind.SUPPORT:
        return "A question to the association"
    if not thread.section:
        return "The application"
    evidence = BY_SLUG.get(thread.section)
    name = str(evidence.model._meta.verbose_name_plural) if evidence else thread.section
    return name[:1].upper() + name[1:]


@dataclass
class ThreadView:
    thread: Thread
    messages: list[Message]
    state: RequestState | None = None  # a request's, else None

    @property
    def is_open_request(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def state_css(self) -> str:
        if self.state in OPEN_STATES:
            return "not-met"
        return "met" if self.thread.resolved_at or self.state else "in-progress"


@dataclass
class Conversation:
    threads: list[ThreadView] = field(default_factory=list)

    def for_section(self, key: str) -> list[ThreadView]:
        return [t for t in self.threads if t.thread.section == key]

    @property
    def open_requests(self) -> list[ThreadView]:
        return [t for t in self.threads if t.is_open_request]

    def open_requests_in(self, key: str) -> list[ThreadView]:
        return [t for t in self.for_section(key) if t.is_open_request]

    @property
    def messages(self) -> list[tuple[Message, Thread]]:
        return [(m, t.thread) for t in self.threads for m in t.messages]


def _with_messages(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    return threads.prefetch_related(
        Prefetch("messages", queryset=Message.objects.select_related("author"))
    ).select_related("resolved_by")


def applicant_threads(application: Application) -> QuerySet[Thread]:
    """The threads the applicant may read: shared questions and requests, never a note."""
    return Thread.objects.filter(
        application=application, kind__in=APPLICANT_KINDS, shared_at__isnull=False
    )


def _answered(application: Application, threads: list[Thread]) -> dict[int, datetime]:
    """When the applicant answered each shared request: their first message in it, or their
    first change to its section (or upload, on degrees) after it was shared. One query."""
    requests = [t for t in threads if t.kind == ThreadKind.REQUEST and t.shared_at is not None]
    if not requests:
        return {}
    applicant = application.applicant_id
    found: dict[int, datetime] = {}
    for thread in requests:
        for message in thread.messages.all():
            if message.author_id == applicant and message.created_at >= thread.shared_at:  # type: ignore[operator]
                found[thread.pk] = message.created_at
                break
    earliest = min(t.shared_at for t in requests if t.shared_at is not None)
    events = ApplicationEvent.objects.filter(
        application=application, actor_id=applicant, kind__in=ANSWERS, created_at__gte=earliest
    ).values_list("kind", "data", "created_at")
    for kind, data, at in events:
        for thread in requests:
            evidence = BY_SLUG.get(thread.section)
            if evidence is None or at < thread.shared_at:  # type: ignore[operator]
                continue
            touched = (
                thread.section == "degrees"
                if kind == EventKind.DOCUMENT_UPLOADED
                else data.get("section") == evidence.model.__name__
            )
            if touched and (thread.pk not in found or at < found[thread.pk]):
                found[thread.pk] = at
    return found


def request_state(thread: Thread, answered_at: datetime | None, *, today: date) -> RequestState:
    if thread.shared_at is None:
        return RequestState.DRAFT
    if thread.resolved_at is not None:
        return RequestState.RESOLVED
    if answered_at is not None:
        return RequestState.ANSWERED
    if thread.due_on is not None and today > thread.due_on:
        return RequestState.OVERDUE
    return RequestState.OPEN


def conversation_for(application: Application, *, staff: bool, today: date) -> Conversation:
    """`application`'s threads with their messages and each request's state, in three queries
    whatever their number: every thread for staff, only what the applicant may read for them."""
    threads = (
        Thread.objects.filter(application=application) if staff else applicant_threads(application)
    )
    found = list(_with_messages(threads))
    answered = _answered(application, found)
    return Conversation(
        [
            ThreadView(
                thread,
                list(thread.messages.all()),
                request_state(thread, answered.get(thread.pk), today=today)
                if thread.kind == ThreadKind.REQUEST
                else None,
            )
            for thread in found
        ]
    )


def requests_open(application: Application, *, today: date) -> list[ThreadView]:
    """The shared requests of `application` still waiting for the applicant's answer."""
    return conversation_for(application, staff=False, today=today).open_requests


def unread_count(person: User) -> int:
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def _applicant_side_q(person: User) -> Q:
    return Q(application__applicant=person, kind__in=APPLICANT_KINDS, shared_at__isnull=False) | Q(
        kind=ThreadKind.SUPPORT, started_by=person
    )


def _inbox(threads: QuerySet[Thread], person: User) -> QuerySet[Thread]:
    return (
        threads.select_related("application__applicant", "started_by")
        .annotate(
            last_at=Max("messages__created_at"),
            unread=Count(
                "messages__notices",
                filter=Q(messages__notices__person=person, messages__notices__read_at__isnull=True),
            ),
        )
        .order_by("-last_at", "-pk")
    )


def applicant_inbox(person: User) -> QuerySet[Thread]:
    """Every thread on the person's own side: about their applications, and their questions to
    the association, latest first, with how many messages they have not read."""
    return _inbox(Thread.objects.filter(_applicant_side_q(person)), person)


def staff_inbox(person: User) -> QuerySet[Thread]:
    """Threads still open that staff `person` may read: for the coordinator all (questions to
    the association included), for a reviewer those of applications assigned to them."""
    threads = Thread.objects.filter(resolved_at__isnull=True)
    if not has_role(person, Role.COORDINATOR):
        threads = threads.filter(
            application__assignments__reviewer=person, application__isnull=False
        ).distinct()
    return _inbox(threads, person)
