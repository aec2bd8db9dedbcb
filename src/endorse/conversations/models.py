"""Conversations about an application, attached to what they are about, and questions to the
association.

A thread belongs to an application's section (an evidence section's slug, or "" for the
application as a whole) and optionally one entry of it, never to a rating: a rating's content is
not a section. Messages are kept as written; their author may correct one only for
`ENDORSE_MESSAGE_GRACE_MINUTES` (a later correction is a new message). A `Notice` is one
unread message for one person; the hourly job mails what they have not been told yet.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from endorse.applications.models import Application
from endorse.associations.models import current_association_id

from .enums import ThreadKind, Topic


class Thread(models.Model):
    # The association the conversation is with: the application's, or, for a question to the
    # association, the one whose site it was asked on.
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        related_name="threads",
        default=current_association_id,
    )
    kind = models.CharField(max_length=20, choices=ThreadKind)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    # An evidence section's slug (`applications.evidence.BY_SLUG`), or "" for the whole application.
    section = models.CharField(max_length=40, blank=True)
    entry_pk = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the applicant could first read it: None for a staff note, and for a reviewer's request
    # the coordinator has not forwarded yet.
    shared_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField("answer by", null=True, blank=True)
    # A question to the association: what about, and the page it was asked from.
    topic = models.CharField(max_length=20, choices=Topic, blank=True)
    page = models.CharField(max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects: ClassVar[models.Manager[Thread]] = ScopedManager(association="association")

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=("application", "section"), name="thread_section")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None and self.kind in (
            ThreadKind.QUESTION,
            ThreadKind.REQUEST,
        )


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    corrected_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Message]] = ScopedManager(association="thread__association")

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"Message {self.pk} by {self.author_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """A message `person` has not read yet; `emailed_at` says when an email listed it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="notices")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[Notice]] = ScopedManager(
        association="message__thread__association"
    )

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("person", "message"), name="one_notice_per_message")
        ]
        indexes = [models.Index(fields=("person", "read_at"), name="notice_unread")]

    def __str__(self) -> str:
        return f"Notice of message {self.message_id} to {self.person_id}"
