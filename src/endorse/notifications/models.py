"""The email outbox: every email the product sends is first a row here.

A row is written in the same transaction as the action that causes it, so an email exists if and
only if its action happened. The background worker sends rows after commit (`delivery`).
"""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from endorse.associations.models import current_association_id


class MessageStatus(models.TextChoices):
    HELD = "held", "Held for release"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    BOUNCED = "bounced", "Bounced"


# Context keys that carry a secret: a rater's signed link, and the rendered text and HTML of an
# account email (a password reset or an address confirmation holds a sign-in key). Nobody reads
# them in the product or the admin; only the recipient, in their mailbox.
SECRET_CONTEXT_KEYS = frozenset({"link", "text", "html"})

# Statuses that mean the email did not reach its recipient and will not without someone acting.
UNDELIVERED = frozenset({MessageStatus.FAILED, MessageStatus.BOUNCED})


class OutboxMessage(models.Model):
    """One email. `template` names a subject/text/HTML triad rendered with `context` (JSON) when
    it is sent; an empty `template` means `context` holds the rendered subject, text and html."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    recipient = models.EmailField()
    template = models.CharField(max_length=100, blank=True)
    context = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=MessageStatus, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # While a worker sends, the row is leased to it; a lease that runs out means the worker died.
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    rater = models.ForeignKey(
        "applications.Rater",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    # Whose email it is (its sender and signature); none for an email no association sends.
    association = models.ForeignKey(
        "associations.Association",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox",
        default=current_association_id,
    )

    objects: ClassVar[models.Manager[OutboxMessage]] = ScopedManager(association="association")

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=("status", "next_attempt_at"))]

    def __str__(self) -> str:
        return f"{self.template or 'message'} to {self.recipient} ({self.get_status_display()})"

    def redacted_context(self) -> dict[str, object]:
        """The context as staff may see it: every secret-bearing value withheld."""
        return {
            key: "(withheld: it holds a sign-in link)" if key in SECRET_CONTEXT_KEYS else value
            for key, value in self.context.items()
        }

    @property
    def message_id(self) -> str:
        """The Message-ID header: stable for the row, so a resend after a crash is recognisable
        as the same email, and a bounce report can name the row."""
        return f"<outbox-{self.pk}.{self.key_digest}@endorse>"

    @property
    def key_digest(self) -> str:
        return hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:16]
