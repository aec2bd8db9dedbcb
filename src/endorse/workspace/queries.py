"""Reads for the applicant's pages beyond the evidence: their letters, their application's
story, and their exam sitting."""

from __future__ import annotations

from django.db.models import QuerySet

from endorse.applications.enums import EventKind
from endorse.applications.models import Application, ApplicationEvent
from endorse.exams.models import RESULT_LETTER, ExamCandidate
from endorse.notifications.models import MessageStatus, OutboxMessage

# The letters an applicant receives: `review.enums.LETTER_TEMPLATES`, which this app cannot
# import (the staff side sits above it); a test holds the two equal.
LETTER_TEMPLATES = frozenset(
    {
        "review/email/approved",
        "review/email/endorsed",
        "review/email/on_hold",
        "review/email/deferred",
        RESULT_LETTER,
    }
)

# The events an applicant sees on their application's timeline, in their words. Everything
# else (reviewers, their reviews, staff judgements and notes, decisions not yet released as a
# letter) stays with staff.
APPLICANT_EVENTS: dict[str, str] = {
    EventKind.STARTED: "You started the application.",
    EventKind.IMPORTED: "You filled it in from a portfolio file.",
    EventKind.ETHICS_SIGNED: "You signed the Code of Ethics and Endorsement Agreement.",
    EventKind.REFERENCE_REQUESTED: "A request for a reference rating was emailed to a rater.",
    EventKind.REFERENCE_COMPLETED: "A rater completed their reference rating.",
    EventKind.REFERENCE_DECLINED: "A rater declined to give a reference rating.",
    EventKind.REFERENCE_EXPIRED: "A reference request expired before the rater answered.",
    EventKind.REFERENCE_WITHDRAWN: "You withdrew a reference request.",
    EventKind.TRANSCRIPT_MARKED: "Staff checked a transcript.",
    EventKind.PROVIDER_APPROVED: "The coordinator approved an RS/C provider.",
    EventKind.MEMBERSHIP_VERIFIED: "The coordinator verified your membership.",
    EventKind.LETTER_RELEASED: "A letter was sent to you.",
    EventKind.EXAM_REGISTERED: "You were registered for the written exam.",
    EventKind.ENDORSEMENT_ISSUED: "Your endorsement was issued.",
    EventKind.ENDORSEMENT_REVOKED: "Your endorsement was revoked.",
}

# A status change, by the status it went to.
STATUS_WORDS = {
    "submitted": "You submitted the application.",
    "under_review": "The coordinator found it complete; the reviewers are reading it.",
    "changes_requested": "The coordinator asked for changes and reopened some sections.",
    "approved_for_exam": "You were approved to sit the written exam.",
    "deferred": "The application was deferred.",
    "endorsed": "You were endorsed.",
    "withdrawn": "The application was withdrawn.",
}


def letters_for(application: Application) -> QuerySet[OutboxMessage]:
    """The decision and exam result letters of `application` that were released to its
    applicant (a letter the coordinator still holds is not theirs to read yet), oldest first."""
    return OutboxMessage.objects.filter(
        application=application, template__in=LETTER_TEMPLATES
    ).exclude(status=MessageStatus.HELD)


def events_for_applicant(application: Application) -> QuerySet[ApplicationEvent]:
    """The events of `application` its applicant may see (`APPLICANT_EVENTS`, status changes)."""
    return ApplicationEvent.objects.filter(
        application=application, kind__in=[EventKind.STATUS, *APPLICANT_EVENTS]
    ).order_by("created_at", "pk")


def exam_candidacy(application: Application) -> ExamCandidate | None:
    """The applicant's latest exam sitting, with its date and place."""
    return (
        ExamCandidate.objects.filter(application=application)
        .select_related("sitting")
        .order_by("-sitting__held_on", "-pk")
        .first()
    )
