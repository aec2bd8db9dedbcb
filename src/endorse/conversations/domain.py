"""Writes: threads started, messages posted and corrected, requests forwarded, threads resolved,
questions to the association, notices read and mailed.

Each takes keyword arguments, checks who may do it before writing, runs in one transaction and
records an `ApplicationEvent` there (a question to the association has no application: its rows
are its record). Events say what happened, never what was written: the timeline shows the
message itself beside them, to those who may read it.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scope

from endorse.accounts.models import MessageEmails, User
from endorse.accounts.roles import Role, has_role
from endorse.applications.domain import record_event
from endorse.applications.enums import EventKind
from endorse.applications.evidence import BY_SLUG
from endorse.applications.models import Application
from endorse.associations.models import StaffRole
from endorse.associations.routing import association_of
from endorse.links import absolute_url
from endorse.notifications.domain import message_queue

from .enums import STAFF_KINDS, ThreadKind, Topic
from .models import Message, Notice, Thread
from .queries import (
    applicant_side,
    can_post,
    is_assigned,
    section_label,
    staff_participants,
)

SUBJECT_MAX = 200
BODY_MAX = 10_000


class ConversationError(ValueError):
    """A write that is refused: what is wrong, in plain words."""


def _text(value: str, what: str, most: int) -> str:
    value = value.strip()
    if not value:
        raise ConversationError(f"write the {what}")
    if len(value) > most:
        raise ConversationError(f"the {what} is longer than {most} characters")
    return value


def _check_target(application: Application, section: str, entry_pk: int | None) -> None:
    """A thread hangs on the application, one of its evidence sections, or one entry of a section.
    Nothing else: a rating's content is not a section, so no thread can be about it."""
    if section == "":
        if entry_pk is not None:
            raise ConversationError("an entry belongs to a section")
        return
    evidence = BY_SLUG.get(section)
    if evidence is None:
        raise ConversationError("a conversation is about a section of the application")
    if entry_pk is not None:
        manager: Any = evidence.model._default_manager
        if not manager.filter(pk=entry_pk, application=application).exists():
            raise ConversationError("that entry is not part of this application")


def _may_start(application: Application, kind: str, actor: User) -> None:
    if actor.pk == application.applicant_id:
        if kind != ThreadKind.QUESTION:
            raise ConversationError("an applicant asks questions")
        return
    if has_role(actor, Role.COORDINATOR):
        if kind not in STAFF_KINDS:
            raise ConversationError("staff start questions, requests or notes")
        return
    if has_role(actor, Role.REVIEWER) and is_assigned(application, actor):
        # Reviewers' questions go through the coordinator unless the association lets them ask.
        allowed = STAFF_KINDS if settings.ENDORSE_REVIEWERS_ASK_DIRECTLY else STAFF_KINDS[1:]
        if kind not in allowed:
            raise ConversationError("a reviewer's question goes to the coordinator as a request")
        return
    raise ConversationError("only the applicant and the application's staff talk about it")


def _shared_on_start(kind: str, actor: User) -> bool:
    if kind == ThreadKind.NOTE:
        return False
    if kind == ThreadKind.REQUEST and not has_role(actor, Role.COORDINATOR):
        return bool(settings.ENDORSE_REVIEWERS_ASK_DIRECTLY)
    return True


def thread_start(
    *,
    application: Application,
    kind: str,
    section: str,
    subject: str,
    body: str,
    actor: User,
    entry_pk: int | None = None,
    due_on: date | None = None,
) -> Thread:
    """Start a question, a request for information or a staff note on `application`'s `section`
    (or one entry of it), with its first message. A request by a reviewer is a draft the
    coordinator forwards, unless `ENDORSE_REVIEWERS_ASK_DIRECTLY`. Tells the other side."""
    if kind not in ThreadKind.values or kind == ThreadKind.SUPPORT:
        raise ConversationError("choose a question, a request or a note")
    _may_start(application, kind, actor)
    _check_target(application, section, entry_pk)
    subject = _text(subject, "subject", SUBJECT_MAX)
    body = _text(body, "message", BODY_MAX)
    if due_on is not None and kind != ThreadKind.REQUEST:
        raise ConversationError("only a request has a date to answer by")
    if due_on is not None and due_on < timezone.localdate():
        raise ConversationError("the date to answer by has passed already")
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            kind=kind,
            application=application,
            section=section,
            entry_pk=entry_pk,
            subject=subject,
            started_by=actor,
            created_at=now,
            shared_at=now if _shared_on_start(kind, actor) else None,
            due_on=due_on,
        )
        message = Message.objects.create(thread=thread, author=actor, body=body, created_at=now)
        record_event(
            application=application,
            actor=actor,
            kind={
                ThreadKind.NOTE: EventKind.NOTE_ADDED,
                ThreadKind.REQUEST: EventKind.REQUEST_MADE,
            }.get(ThreadKind(kind), EventKind.THREAD_STARTED),
            thread=thread.pk,
            section=section,
        )
        _notify(message, now=now)
    return thread


def support_ask(*, person: User, topic: str, page: str, subject: str, body: str) -> Thread:
    """A question to the association (its coordinators), technical or about the process, with
    the page it was asked from (a path on this site; anything else is dropped)."""
    if topic not in Topic.values:
        raise ConversationError("say what the question is about")
    subject = _text(subject, "subject", SUBJECT_MAX)
    body = _text(body, "question", BODY_MAX)
    page = page.strip()[:500] if page.startswith("/") and not page.startswith("//") else ""
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            kind=ThreadKind.SUPPORT,
            subject=subject,
            started_by=person,
            created_at=now,
            shared_at=now,
            topic=topic,
            page=page,
        )
        message = Message.objects.create(thread=thread, author=person, body=body, created_at=now)
        _notify(message, now=now)
    return thread


def message_post(*, thread: Thread, body: str, actor: User) -> Message:
    """Add a message to `thread` (a resolved thread opens again). Tells the other side."""
    if not can_post(thread, actor):
        raise ConversationError("you cannot write in this conversation")
    body = _text(body, "message", BODY_MAX)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(thread=thread, author=actor, body=body, created_at=now)
        if thread.resolved_at is not None:
            thread.resolved_at, thread.resolved_by = None, None
            thread.save(update_fields=["resolved_at", "resolved_by"])
        if thread.application is not None:
            record_event(
                application=thread.application,
                actor=actor,
                kind=EventKind.MESSAGE_POSTED,
                thread=thread.pk,
                section=thread.section,
            )
        _notify(message, now=now)
    return message


def grace_ends(message: Message) -> datetime:
    return message.created_at + timedelta(minutes=settings.ENDORSE_MESSAGE_GRACE_MINUTES)


def message_correct(*, message: Message, body: str, actor: User) -> Message:
    """Correct one's own message within the grace period; after it, a correction is a new
    message and this one stays as written."""
    if message.author_id != actor.pk:
        raise ConversationError("only its author can correct a message")
    if timezone.now() > grace_ends(message):
        raise ConversationError(
            "a message can be corrected only in the first "
            f"{settings.ENDORSE_MESSAGE_GRACE_MINUTES} minutes: write a new one instead"
        )
    body = _text(body, "message", BODY_MAX)
    with transaction.atomic():
        message.body = body
        message.corrected_at = timezone.now()
        message.save(update_fields=["body", "corrected_at"])
        thread = message.thread
        if thread.application is not None:
            record_event(
                application=thread.application,
                actor=actor,
                kind=EventKind.MESSAGE_CORRECTED,
                thread=thread.pk,
                message=message.pk,
            )
    return message


def request_forward(*, thread: Thread, actor: User) -> Thread:
    """The coordinator sends a reviewer's request on to the applicant."""
    if not has_role(actor, Role.COORDINATOR):
        raise ConversationError("only the coordinator forwards a request")
    if thread.kind != ThreadKind.REQUEST or thread.application is None:
        raise ConversationError("only a request is forwarded")
    if thread.shared_at is not None:
        raise ConversationError("the applicant has this request already")
    now = timezone.now()
    with transaction.atomic():
        if not Thread.objects.filter(pk=thread.pk, shared_at__isnull=True).update(shared_at=now):
            raise ConversationError("the applicant has this request already")
        thread.shared_at = now
        record_event(
            application=thread.application,
            actor=actor,
            kind=EventKind.REQUEST_FORWARDED,
            thread=thread.pk,
            section=thread.section,
        )
        for message in thread.messages.all():
            _notify(message, now=now, only_applicant=True)
    return thread


def thread_resolve(*, thread: Thread, actor: User) -> Thread:
    """Mark a thread resolved (staff; or the person who asked the association)."""
    staff = has_role(actor, Role.COORDINATOR) or (
        thread.application is not None
        and has_role(actor, Role.REVIEWER)
        and is_assigned(thread.application, actor)
    )
    if not staff and not (thread.kind == ThreadKind.SUPPORT and thread.started_by_id == actor.pk):
        raise ConversationError("you cannot resolve this conversation")
    if thread.resolved_at is not None:
        raise ConversationError("this conversation is resolved already")
    with transaction.atomic():
        thread.resolved_at, thread.resolved_by = timezone.now(), actor
        thread.save(update_fields=["resolved_at", "resolved_by"])
        if thread.application is not None:
            record_event(
                application=thread.application,
                actor=actor,
                kind=EventKind.THREAD_RESOLVED,
                thread=thread.pk,
                section=thread.section,
            )
    return thread


def notices_read(*, person: User, thread: Thread) -> int:
    """`person` has read `thread`: its notices to them stop counting as unread."""
    return Notice.objects.filter(
        person=person, message__thread=thread, read_at__isnull=True
    ).update(read_at=timezone.now())


def _coordinators() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=StaffRole.objects.filter(role=Role.COORDINATOR).values("person"),
        )
    )


def _recipients(message: Message, *, only_applicant: bool = False) -> list[User]:
    """The other side of `message`: staff when the applicant (or an asker) wrote, the applicant
    when staff wrote in a shared thread. A note tells no one: notes never reach an email."""
    thread = message.thread
    if thread.kind == ThreadKind.NOTE:
        return []
    person = applicant_side(thread)
    wanted: list[User] = []
    if person is not None and message.author_id != person.pk and thread.shared_at is not None:
        wanted.append(person)
    if only_applicant:
        return wanted
    if message.author_id == getattr(person, "pk", None) or thread.shared_at is None:
        wanted += _coordinators() + staff_participants(thread)
    return [p for p in {p.pk: p for p in wanted}.values() if p.pk != message.author_id]


def _notify(message: Message, *, now: datetime, only_applicant: bool = False) -> None:
    Notice.objects.bulk_create(
        [
            Notice(person=person, message=message, created_at=now)
            for person in _recipients(message, only_applicant=only_applicant)
        ],
        ignore_conflicts=True,
    )


def _thread_link(thread: Thread, person: User) -> str:
    """The thread's page on its association's site (the digest runs outside any scope)."""
    own = applicant_side(thread)
    name = "conversations:thread" if own and own.pk == person.pk else "conversations:staff_thread"
    return absolute_url(name, pk=thread.pk, association=association_of(thread.association_id))


def conversations_notify(*, now: datetime) -> int:
    """The periodic job: one email to each person who has unread messages no email has listed
    yet, at most one per `ENDORSE_MESSAGE_EMAIL_MINUTES` (a day for those who chose a daily
    digest), listing each thread with what is new and a link to it. Returns the emails queued."""
    waiting = (
        Notice.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .select_related("person", "message__thread__application")
        .order_by("person_id", "pk")
    )
    by_person: dict[int, list[Notice]] = defaultdict(list)
    for notice in waiting:
        by_person[notice.person_id].append(notice)
    if not by_person:
        return 0
    last = dict(
        Notice.objects.filter(person_id__in=by_person, emailed_at__isnull=False)
        .values("person_id")
        .annotate(last=Max("emailed_at"))
        .values_list("person_id", "last")
    )
    queued = 0
    for person_pk, notices in by_person.items():
        person = notices[0].person
        hourly = timedelta(minutes=settings.ENDORSE_MESSAGE_EMAIL_MINUTES)
        every = timedelta(days=1) if person.message_emails == MessageEmails.DAILY else hourly
        if person_pk in last and now - last[person_pk] < every:
            continue
        with transaction.atomic():
            claimed = Notice.objects.filter(
                pk__in=[n.pk for n in notices], emailed_at__isnull=True
            ).update(emailed_at=now)
            if claimed != len(notices):  # another worker took some: it mails them
                transaction.set_rollback(True)
                continue
            _queue_digest(person, notices)
            queued += 1
    return queued


def _queue_digest(person: User, notices: list[Notice]) -> None:
    threads: dict[int, dict[str, Any]] = {}
    for notice in notices:
        thread = notice.message.thread
        entry = threads.setdefault(
            thread.pk,
            {
                "subject": thread.subject,
                "about": section_label(thread),
                "kind": thread.get_kind_display(),
                "new": 0,
                "link": _thread_link(thread, person),
                "association": str(association_of(thread.association_id) or ""),
            },
        )
        entry["new"] += 1
    # One email a person, whatever associations their conversations are with: when they are all
    # with one, the email is that association's (its name, its From and Reply-To).
    ids = {notice.message.thread.association_id for notice in notices}
    association = association_of(ids.pop()) if len(ids) == 1 else None
    with scope(association=association) if association else nullcontext():
        message_queue(
            recipient=person.email,
            template="conversations/email/digest",
            context={
                "person_name": person.name or person.email,
                "threads": list(threads.values()),
            },
            idempotency_key=f"conversations-digest:{person.pk}:{notices[-1].pk}",
        )
