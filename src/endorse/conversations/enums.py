"""The kinds of conversation, a support question's topic, and how requests stand."""

from __future__ import annotations

from django.db import models


class ThreadKind(models.TextChoices):
    """What a thread is. Only questions and (shared) requests ever reach the applicant; a note is
    staff-only, always."""

    QUESTION = "question", "Question"
    REQUEST = "request", "Request for information"
    NOTE = "note", "Staff note"
    SUPPORT = "support", "Question to the association"


# The kinds an applicant may read (once shared). Notes are not among them, whatever else holds.
APPLICANT_KINDS = frozenset({ThreadKind.QUESTION, ThreadKind.REQUEST})
# What staff may start on an application, and what an applicant may.
STAFF_KINDS = (ThreadKind.QUESTION, ThreadKind.REQUEST, ThreadKind.NOTE)


class Topic(models.TextChoices):
    TECHNICAL = "technical", "Something on the site does not work"
    PROCESS = "process", "A question about the Endorsement process"


class RequestState(models.TextChoices):
    """How a request for information stands, computed from dates (never stored)."""

    DRAFT = "draft", "Waiting for the coordinator to forward it"
    OPEN = "open", "Needs your answer"
    OVERDUE = "overdue", "Overdue"
    ANSWERED = "answered", "Answered"
    RESOLVED = "resolved", "Resolved"


OPEN_STATES = frozenset({RequestState.OPEN, RequestState.OVERDUE})
